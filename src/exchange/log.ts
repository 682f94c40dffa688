import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { entryHash, genesisHash, type LogEntryFields } from './rules.ts';

export type NewLogEntry = Omit<LogEntryFields, 'seq' | 'loggedAt'>;

/**
 * Appends entries to the message log, each chained to the one before by hash. The head
 * row is locked for the length of the transaction, so appends form one line.
 */
export async function appendLog(trx: Transaction<Database>, at: Date, entries: NewLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await trx.selectFrom('exchange_log_head').select(['seq', 'entry_hash']).forUpdate().executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let previous = head.entry_hash;
  const rows = entries.map((entry) => {
    seq += 1;
    const fields: LogEntryFields = { ...entry, seq, loggedAt: at.toISOString() };
    const hash = entryHash(previous, fields);
    const row = {
      seq,
      logged_at: at,
      direction: entry.direction,
      kind: entry.kind,
      partner_code: entry.partnerCode,
      message_id: entry.messageId,
      document_type: entry.documentType,
      request_id: entry.requestId,
      outcome: entry.outcome,
      error_code: entry.errorCode,
      content_sha256: entry.contentSha256,
      previous_hash: previous,
      entry_hash: hash,
    };
    previous = hash;
    return row;
  });
  await trx.insertInto('exchange_log').values(rows).execute();
  await trx.updateTable('exchange_log_head').set({ seq, entry_hash: previous }).execute();
}

/** Appends in a transaction of its own. */
export function appendLogNow(ctx: Pick<AppContext, 'db' | 'clock'>, entries: NewLogEntry[]): Promise<void> {
  return ctx.db.transaction().execute((trx) => appendLog(trx, ctx.clock.now(), entries));
}

export interface LogVerification {
  entries: number;
  intact: boolean;
  /** The first entry whose hash or link does not hold. */
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Walks the whole chain, in pages, and checks every link and hash and the head. */
export async function verifyLog(ctx: { db: Kysely<Database> }, pageSize = 5000): Promise<LogVerification> {
  let previous = genesisHash;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await ctx.db
      .selectFrom('exchange_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = (reason: string): LogVerification => ({ entries: count, intact: false, firstBrokenSeq: seq, reason });
      if (seq !== expectedSeq)
        return { entries: count, intact: false, firstBrokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (row.previous_hash !== previous) return broken('its link to the previous entry does not match');
      const hash = entryHash(previous, {
        seq,
        loggedAt: row.logged_at.toISOString(),
        direction: row.direction,
        kind: row.kind,
        partnerCode: row.partner_code,
        messageId: row.message_id,
        documentType: row.document_type,
        requestId: row.request_id,
        outcome: row.outcome,
        errorCode: row.error_code,
        contentSha256: row.content_sha256,
      });
      if (hash !== row.entry_hash) return broken('its content does not match its hash');
      previous = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (page.length < pageSize) break;
  }
  const head = await ctx.db.selectFrom('exchange_log_head').select(['seq', 'entry_hash']).executeTakeFirstOrThrow();
  if (Number(head.seq) !== count || head.entry_hash !== previous) {
    return {
      entries: count,
      intact: false,
      firstBrokenSeq: count + 1,
      reason: 'entries after the last one found are missing (the head points further)',
    };
  }
  return { entries: count, intact: true, firstBrokenSeq: null, reason: null };
}

type Work = (trx: Transaction<Database>) => Promise<void>;

interface Pending {
  entries: NewLogEntry[];
  work: Work | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

const queues = new WeakMap<Kysely<Database>, { pending: Pending[]; flushing: boolean }>();
const maxBatch = 256;

/**
 * Appends entries, with the writes that go with them, in a transaction shared with the
 * other appends waiting at that moment (group commit): the chain's head is locked once per
 * batch, not once per message, and one commit makes the whole batch durable. Resolves once
 * the batch has committed.
 */
export function appendLogGrouped(ctx: Pick<AppContext, 'db' | 'clock'>, entries: NewLogEntry[], work?: Work): Promise<void> {
  let queue = queues.get(ctx.db);
  if (!queue) {
    queue = { pending: [], flushing: false };
    queues.set(ctx.db, queue);
  }
  const done = new Promise<void>((resolve, reject) => queue.pending.push({ entries, work, resolve, reject }));
  if (!queue.flushing) void flush(ctx, queue);
  return done;
}

async function flush(ctx: Pick<AppContext, 'db' | 'clock'>, queue: { pending: Pending[]; flushing: boolean }): Promise<void> {
  queue.flushing = true;
  try {
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, maxBatch);
      try {
        await ctx.db.transaction().execute(async (trx) => {
          for (const item of batch) if (item.work) await item.work(trx);
          await appendLog(
            trx,
            ctx.clock.now(),
            batch.flatMap((item) => item.entries),
          );
        });
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
  } finally {
    queue.flushing = false;
  }
}
