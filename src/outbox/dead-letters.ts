import type { AppContext } from '../context.ts';
import * as store from './store.ts';

// What an operator needs to see and repair messages that kept failing.

export interface DeadLetter {
  id: number;
  topic: string;
  /** As enqueued; may hold contact details (a phone number), so show it to operators only. */
  payload: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/**
 * Puts dead letters back in line with their attempts reset, to be delivered at the next
 * poll: every dead letter, those of one topic, or the listed ids (both filters combine).
 * Resolves with how many were moved.
 */
export async function redriveDeadLetters(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  options: { topic?: string; ids?: number[] } = {},
): Promise<number> {
  return store.redrive(ctx.db, { ...options, now: ctx.clock.now() });
}

/** Dead letters, oldest first, a page at a time: pass the last `nextCursor` as `afterId`. */
export async function listDeadLetters(
  ctx: Pick<AppContext, 'db'>,
  page: { limit?: number; afterId?: number } = {},
): Promise<{ items: DeadLetter[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const rows = await store.listDead(ctx.db, { limit: limit + 1, afterId: page.afterId ?? 0 });
  const items = rows.slice(0, limit).map((row) => ({
    id: Number(row.id),
    topic: row.topic,
    payload: row.payload,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
  }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export async function outboxStats(ctx: Pick<AppContext, 'db'>): Promise<{ pending: number; delivered: number; dead: number }> {
  const counts = await store.countByStatus(ctx.db);
  return { pending: counts.PENDING, delivered: counts.DELIVERED, dead: counts.DEAD };
}
