import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';

/** The message log, newest first, paged by sequence number. */
export async function listLog(ctx: AppContext, query: { partnerCode?: string; cursor?: string; limit?: number }) {
  const limit = query.limit ?? 50;
  let before: number | null = null;
  if (query.cursor !== undefined) {
    const decoded = Buffer.from(query.cursor, 'base64url').toString();
    if (!/^\d{1,15}$/.test(decoded)) {
      throw invalidInput([
        issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
      ]);
    }
    before = Number(decoded);
  }
  let select = ctx.db.selectFrom('exchange_log').selectAll();
  if (query.partnerCode) select = select.where('partner_code', '=', query.partnerCode);
  if (before !== null) select = select.where('seq', '<', before);
  const rows = await select
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      seq: Number(r.seq),
      loggedAt: r.logged_at.toISOString(),
      direction: r.direction,
      kind: r.kind,
      partnerCode: r.partner_code,
      messageId: r.message_id,
      documentType: r.document_type,
      requestId: r.request_id,
      outcome: r.outcome,
      errorCode: r.error_code,
      contentSha256: r.content_sha256,
      previousHash: r.previous_hash,
      entryHash: r.entry_hash,
    })),
    nextCursor: rows.length > limit ? Buffer.from(String(page.at(-1)?.seq)).toString('base64url') : null,
  };
}
