import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

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
  await trx
    .insertInto('outbox')
    .values({ topic, payload: JSON.stringify(payload), last_error: null, delivered_at: null })
    .execute();
}
