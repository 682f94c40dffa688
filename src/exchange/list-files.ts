import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';

export interface FileListQuery {
  /** Only this partner's files (a partner user's own partner, or the one an officer names). */
  partnerCode?: string | undefined;
  documentType?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const badCursor = () =>
  invalidInput([
    issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
  ]);

/**
 * The bulk files uploaded, newest first, with their totals: a partner's console lists its
 * own uploads from here on any device. Paged by (start time, id).
 */
export async function listFiles(ctx: Pick<AppContext, 'db'>, query: FileListQuery) {
  const limit = query.limit ?? 20;
  let after: { at: Date; id: string } | null = null;
  if (query.cursor !== undefined) {
    const [at, id] = Buffer.from(query.cursor, 'base64url').toString().split('|');
    if (!at || !id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(Date.parse(at))) throw badCursor();
    after = { at: new Date(at), id };
  }
  let select = ctx.db
    .selectFrom('exchange_imports as i')
    .innerJoin('partners as p', 'p.id', 'i.partner_id')
    .select(['i.id', 'p.code', 'i.document_type', 'i.file_name', 'i.rows', 'i.summary', 'i.uploaded_by', 'i.started_at', 'i.completed_at']);
  if (query.partnerCode) select = select.where('p.code', '=', query.partnerCode);
  if (query.documentType) select = select.where('i.document_type', '=', query.documentType);
  if (after) {
    const { at, id } = after;
    select = select.where((eb) => eb.or([eb('i.started_at', '<', at), eb.and([eb('i.started_at', '=', at), eb('i.id', '<', id)])]));
  }
  const rows = await select
    .orderBy('i.started_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => {
      const { accepted = 0, rejected = 0, ...effects } = (r.summary ?? {}) as Record<string, number>;
      return {
        importId: r.id,
        partnerCode: r.code,
        documentType: r.document_type,
        fileName: r.file_name,
        rows: r.rows,
        status: r.completed_at ? ('COMPLETED' as const) : ('IN_PROGRESS' as const),
        accepted,
        rejected,
        effects,
        uploadedBy: r.uploaded_by,
        startedAt: r.started_at.toISOString(),
        completedAt: r.completed_at?.toISOString() ?? null,
      };
    }),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.started_at.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}
