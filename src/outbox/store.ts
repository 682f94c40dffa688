import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { OutboxStatus } from './tables.ts';

export interface ClaimedMessage {
  id: number;
  topic: string;
  payload: unknown;
  /** Counts this claim: 1 on the first delivery. */
  attempts: number;
}

/**
 * Takes up to `limit` due messages for one worker. One statement, so one short
 * transaction: the rows are locked only while their lease is written, and rows another
 * worker is claiming at the same moment are skipped rather than waited for. Until
 * `leaseUntil` no other worker claims them again.
 */
export async function claimDue(db: Kysely<Database>, claim: { now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedMessage[]> {
  const rows = await db
    .with('due', (qb) =>
      qb
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'PENDING')
        .where('next_attempt_at', '<=', claim.now)
        .orderBy('id')
        .limit(claim.limit)
        .forUpdate()
        .skipLocked(),
    )
    .updateTable('outbox')
    .from('due')
    .set((eb) => ({ attempts: eb('outbox.attempts', '+', 1), next_attempt_at: claim.leaseUntil }))
    .whereRef('outbox.id', '=', 'due.id')
    .returning(['outbox.id', 'outbox.topic', 'outbox.payload', 'outbox.attempts'])
    .execute();
  // RETURNING follows no order; deliver in the order the messages were written.
  return rows.map((row) => ({ ...row, id: Number(row.id) })).sort((a, b) => a.id - b.id);
}

/** Records a delivery. A message another worker already settled is left as it is. */
export async function markDelivered(db: Kysely<Database>, id: number, at: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'DELIVERED', delivered_at: at })
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .execute();
}

/**
 * Records a failed attempt: the message waits until `retryAt`, or becomes a dead letter
 * when `retryAt` is null. Only the claim that made the attempt may record it (same
 * `attempts`), so a worker whose lease ran out cannot overwrite a newer claim.
 */
export async function markFailed(
  db: Kysely<Database>,
  failure: { id: number; attempts: number; error: string; retryAt: Date | null },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set(failure.retryAt ? { last_error: failure.error, next_attempt_at: failure.retryAt } : { last_error: failure.error, status: 'DEAD' })
    .where('id', '=', failure.id)
    .where('status', '=', 'PENDING')
    .where('attempts', '=', failure.attempts)
    .execute();
}

/** Puts dead letters back in line, as if new. An empty `ids` list selects nothing. */
export async function redrive(db: Kysely<Database>, selection: { topic?: string; ids?: number[]; now: Date }): Promise<number> {
  if (selection.ids?.length === 0) return 0;
  let query = db.updateTable('outbox').set({ status: 'PENDING', attempts: 0, next_attempt_at: selection.now }).where('status', '=', 'DEAD');
  if (selection.topic !== undefined) query = query.where('topic', '=', selection.topic);
  if (selection.ids !== undefined) query = query.where('id', 'in', selection.ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listDead(db: Kysely<Database>, page: { limit: number; afterId: number }) {
  return db
    .selectFrom('outbox')
    .select(['id', 'topic', 'payload', 'attempts', 'last_error', 'created_at'])
    .where('status', '=', 'DEAD')
    .where('id', '>', page.afterId)
    .orderBy('id')
    .limit(page.limit)
    .execute();
}

export async function countByStatus(db: Kysely<Database>): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { PENDING: 0, DELIVERED: 0, DEAD: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** Marks pending messages of a topic prefix as settled without sending them, with the reason. */
export async function settlePending(db: Kysely<Database>, topicPrefix: string, reason: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'DELIVERED', delivered_at: at, last_error: reason })
    .where('status', '=', 'PENDING')
    .where('topic', 'like', `${topicPrefix.replaceAll('%', '').replaceAll('_', '\\_')}%`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
