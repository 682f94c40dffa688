import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { StatementOutcome } from './tables.ts';

/**
 * A page of a reconciled statement's lines, in file order: every line with its outcome.
 * A line that posted cleanly is its staged row (kept once the import completed); every
 * other line (matched, duplicate, amount differs, unmatched, invalid) has its row in
 * `statement_lines`, with the detail an officer acts on. Imports reconciled before the
 * posted lines were left in staging have every line in `statement_lines`: read the same.
 */
export async function listStatementLines(
  ctx: AppContext,
  importId: string,
  query: { outcome?: StatementOutcome; cursor?: number; limit?: number },
) {
  const limit = query.limit ?? 100;
  const after = query.cursor ?? 0;
  const posted = sql`
    select s.line_number, s.channel_reference, s.bill_number, s.amount, 'POSTED' as outcome, null::text as detail
    from statement_staging s
    join statement_imports i on i.id = s.import_id and i.completed_at is not null
    where s.import_id = ${importId} and s.line_number > ${after}
      and not exists (select 1 from statement_lines l where l.import_id = s.import_id and l.line_number = s.line_number)
  `;
  const others = sql`
    select l.line_number, l.channel_reference, l.bill_number, l.amount, l.outcome, l.detail
    from statement_lines l
    where l.import_id = ${importId} and l.line_number > ${after}
      ${query.outcome ? sql`and l.outcome = ${query.outcome}` : sql``}
  `;
  const lines = query.outcome === undefined || query.outcome === 'POSTED' ? sql`${posted} union all ${others}` : others;
  const { rows } = await sql<{
    line_number: number;
    channel_reference: string | null;
    bill_number: string | null;
    amount: number | null;
    outcome: StatementOutcome;
    detail: string | null;
  }>`select * from (${lines}) line order by line_number limit ${limit + 1}`.execute(ctx.db);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      lineNumber: r.line_number,
      reference: r.channel_reference,
      billNumber: r.bill_number,
      amount: r.amount,
      outcome: r.outcome,
      detail: r.detail,
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.line_number ?? null) : null,
  };
}
