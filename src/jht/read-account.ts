import type { Kysely } from 'kysely';
import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { findMembershipRef } from '../membership/service.ts';
import { buildStatement, dayBefore, type FigureStatus, isIsoDate, type JhtEntryType, yearStart } from './rules.ts';
import * as store from './store.ts';

export interface JhtBalance {
  membershipNumber: string;
  date: string;
  /** Rupiah at the end of `date`. */
  balance: number;
  /** Years whose yield inside this balance was posted at a rate not confirmed. */
  unconfirmedYieldYears: number[];
}

/** A member's JHT balance at the end of a date (today unless told), for whoever may see the member. */
export async function jhtBalance(
  ctx: AppContext,
  membershipNumber: string,
  date: string | undefined,
  principal: Principal | undefined,
): Promise<JhtBalance> {
  const on = date ?? ctx.clock.today();
  const issues = dateIssues({ date: on });
  const membership = await findMembershipRef(ctx, membershipNumber, principal);
  if (issues.length > 0) throw invalidInput(issues);
  return { membershipNumber: membership.membershipNumber, date: on, ...(await store.balanceOn(ctx.db, membership.id, on)) };
}

/** The balance of an account already looked up (claims): works inside the caller's transaction. */
export async function jhtBalanceOf(db: Kysely<Database>, membershipId: string, date: string): Promise<number> {
  return (await store.balanceOn(db, membershipId, date)).balance;
}

export interface JhtStatementLine {
  id: number;
  entryType: JhtEntryType;
  amount: number;
  valueDate: string;
  reference: string;
  correctsEntryId: number | null;
  note: string | null;
  recordedAt: Date;
  balanceAfter: number;
  /** For a yield entry of a yearly posting: the rate it used, with its status. */
  yieldRate: { year: number; basisPoints: number; status: FigureStatus; source: string } | null;
}

export interface JhtStatement {
  membershipNumber: string;
  from: string;
  to: string;
  openingBalance: number;
  entries: JhtStatementLine[];
  totalCredits: number;
  totalDebits: number;
  closingBalance: number;
}

/**
 * A statement for a period (from 1 January of the year of `to`, to today, unless told):
 * the opening balance at the end of the day before `from`, the entries valued in the
 * period with a running balance, and the closing balance at the end of `to`.
 */
export async function jhtStatement(
  ctx: AppContext,
  membershipNumber: string,
  period: { from?: string | undefined; to?: string | undefined },
  principal: Principal | undefined,
): Promise<JhtStatement> {
  const to = period.to ?? ctx.clock.today();
  const from = period.from ?? (isIsoDate(to) ? yearStart(Number(to.slice(0, 4))) : to);
  const issues = dateIssues({ from, to });
  if (issues.length === 0 && from > to) {
    issues.push(
      issue('/from', 'PERIOD_REVERSED', 'The period must start on or before its end.', 'Periode harus dimulai pada atau sebelum akhirnya.'),
    );
  }
  const membership = await findMembershipRef(ctx, membershipNumber, principal);
  if (issues.length > 0) throw invalidInput(issues);

  const rows = await store.entriesWithin(ctx.db, membership.id, { from, to });
  const opening = await store.balanceOn(ctx.db, membership.id, dayBefore(from));
  const lines = rows.map((r) => ({
    id: r.id,
    entryType: r.entry_type,
    amount: r.amount,
    valueDate: r.value_date,
    reference: r.reference,
    correctsEntryId: r.corrects_entry_id,
    note: r.note,
    recordedAt: r.recorded_at,
    yieldRate:
      r.yield_year !== null && r.rate_basis_points !== null && r.rate_status !== null && r.rate_source !== null
        ? { year: r.yield_year, basisPoints: r.rate_basis_points, status: r.rate_status, source: r.rate_source }
        : null,
  }));
  const statement = buildStatement(lines, { from, to }, opening.balance);
  return { membershipNumber: membership.membershipNumber, ...statement };
}

function dateIssues(dates: Record<string, string>): FieldIssue[] {
  return Object.entries(dates)
    .filter(([, value]) => !isIsoDate(value))
    .map(([name]) => issue(`/${name}`, 'INVALID_DATE', 'Must be a date (YYYY-MM-DD).', 'Harus berupa tanggal (YYYY-MM-DD).'));
}
