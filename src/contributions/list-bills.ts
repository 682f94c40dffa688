import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { findMembershipRef } from '../membership/service.ts';

/** A member's bills, newest period first, with what is still owed. */
export async function listBills(ctx: AppContext, membershipNumber: string, principal: Principal | undefined) {
  const member = await findMembershipRef(ctx, membershipNumber, principal);
  const rows = await ctx.db
    .selectFrom('bills')
    .select([
      'bill_number',
      'kind',
      'status',
      'amount',
      'paid_amount',
      'due_date',
      'period_from',
      'period_to',
      'regulation_id',
      'lines',
      'payer_type',
    ])
    .where('membership_id', '=', member.id)
    .orderBy('period_from', 'desc')
    .limit(200)
    .execute();
  const today = ctx.clock.today();
  return {
    items: rows.map((b) => ({
      billNumber: b.bill_number,
      kind: b.kind,
      status: b.status,
      overdue: b.status === 'OPEN' && b.due_date < today,
      amount: b.amount,
      paidAmount: b.paid_amount,
      outstanding: b.amount - b.paid_amount,
      dueDate: b.due_date,
      periodFrom: b.period_from,
      periodTo: b.period_to,
      regulationId: b.regulation_id,
      payerType: b.payer_type,
      lines: b.lines.map((l) => ({
        code: l.code,
        program: l.program,
        amount: l.amount,
        description: l.description,
        basis: l.basis,
        status: l.status,
      })),
    })),
    nextCursor: null,
  };
}
