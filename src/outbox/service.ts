import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import * as store from './store.ts';

// The module's public surface: the worker and its operator functions live in their own files.
export {
  type DeadLetter,
  listDeadLetters,
  type OutboxHandlers,
  type OutboxLogger,
  type OutboxMessage,
  type OutboxWorker,
  type OutboxWorkerOptions,
  outboxStats,
  redriveDeadLetters,
  startOutboxWorker,
} from './worker.ts';

/**
 * Puts a message in the outbox. Call it with the transaction that makes the change the
 * message announces: both are stored, or neither.
 */
export async function enqueue(
  trx: Transaction<Database> | Kysely<Database>,
  topic: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await enqueueAll(trx, [{ topic, payload }]);
}

/**
 * Puts many messages in the outbox with one statement of fixed text (prepared once per
 * connection), in the caller's transaction like `enqueue`.
 */
export async function enqueueAll(
  trx: Transaction<Database> | Kysely<Database>,
  messages: { topic: string; payload: Record<string, unknown> }[],
): Promise<void> {
  if (messages.length === 0) return;
  await sql`
    insert into outbox (topic, payload)
    select m.topic, m.payload::jsonb
    from unnest(${messages.map((m) => m.topic)}::text[], ${messages.map((m) => JSON.stringify(m.payload))}::text[]) as m (topic, payload)
  `.execute(trx);
}

/**
 * Settles pending messages without sending them — for synthetic demo data, whose
 * "members" have no phone to receive anything. The reason stays on each row.
 */
export function settleWithoutDelivery(ctx: Pick<AppContext, 'db' | 'clock'>, topicPrefix: string, reason: string): Promise<number> {
  return store.settlePending(ctx.db, topicPrefix, reason, ctx.clock.now());
}

/**
 * The outbox insert as a SQL fragment, for a use case that writes its change and the
 * message in one statement (a data-modifying CTE): both land, or neither.
 */
export function enqueueStatement(topic: string, payload: Record<string, unknown>): RawBuilder<unknown> {
  return sql`insert into outbox (topic, payload) values (${topic}, ${JSON.stringify(payload)}::jsonb)`;
}
