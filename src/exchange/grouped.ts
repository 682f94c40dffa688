import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/** A statement run for many callers at once: it answers one result per item, in their order. */
export type GroupedStatement<Item, Result> = (db: Kysely<Database>, items: Item[]) => Promise<Result[]>;

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

interface Queue<Item, Result> {
  waiting: Waiting<Item, Result>[];
  running: boolean;
}

/**
 * Shares one statement among the messages in flight: the first call runs after the current
 * turn of the event loop, with the calls made in that turn; calls made while it is with the
 * database wait and go together in the next statement. Concurrent messages then cost one
 * round trip, not one each, and a lone message waits for nothing but that turn. If the
 * statement fails, every item of its batch fails — or, with `oneByOneOnFailure`, the items
 * are tried again each on its own, so that only the one at fault fails.
 */
export function grouped<Item, Result>(
  statement: GroupedStatement<Item, Result>,
  options: { maxBatch?: number; oneByOneOnFailure?: boolean } = {},
): (db: Kysely<Database>, item: Item) => Promise<Result> {
  const maxBatch = options.maxBatch ?? 256;
  const queues = new WeakMap<Kysely<Database>, Queue<Item, Result>>();
  const run = async (db: Kysely<Database>, queue: Queue<Item, Result>): Promise<void> => {
    queue.running = true;
    await nextTurn();
    try {
      while (queue.waiting.length > 0) {
        const batch = queue.waiting.splice(0, maxBatch);
        try {
          const results = await statement(
            db,
            batch.map((w) => w.item),
          );
          for (const [i, w] of batch.entries()) w.resolve(results[i] as Result);
        } catch (error) {
          if (!options.oneByOneOnFailure || batch.length === 1) {
            for (const w of batch) w.reject(error);
            continue;
          }
          for (const w of batch) {
            try {
              const [result] = await statement(db, [w.item]);
              w.resolve(result as Result);
            } catch (itsError) {
              w.reject(itsError);
            }
          }
        }
      }
    } finally {
      queue.running = false;
    }
  };
  return (db, item) => {
    let queue = queues.get(db);
    if (!queue) {
      queue = { waiting: [], running: false };
      queues.set(db, queue);
    }
    const answered = new Promise<Result>((resolve, reject) => queue.waiting.push({ item, resolve, reject }));
    if (!queue.running) void run(db, queue);
    return answered;
  };
}
