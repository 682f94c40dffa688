import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { changeProtectionStatuses } from '../membership/service.ts';
import { addDays, gracePeriodOf } from './coverage-rules.ts';

export const reminderDaysAhead = 14;

/**
 * The daily look at everyone's protection, safe to run as often as one likes:
 * - members whose protection ends within two weeks get one reminder per ending (outbox);
 * - active members whose protection ended longer ago than their grace period lapse.
 */
export async function runProtectionChecks(ctx: AppContext): Promise<{ reminded: number; lapsed: number }> {
  const today = ctx.clock.today();
  const now = ctx.clock.now();
  const { rows: reminded } = await sql<{ membership_id: string }>`
    with protection as (
      select c.membership_id, max(c.covered_to) as covered_to
      from coverage_periods c join memberships m on m.id = c.membership_id
      where m.status = 'ACTIVE'
      group by c.membership_id
    ), due as (
      insert into coverage_reminders (membership_id, covered_to, sent_at)
      select p.membership_id, p.covered_to, ${now} from protection p
      where p.covered_to between ${today}::date and ${addDays(today, reminderDaysAhead)}::date
      on conflict do nothing
      returning membership_id, covered_to
    ), notified as (
      insert into outbox (topic, payload)
      select 'notification.member', jsonb_build_object('template', 'COVERAGE_ENDING', 'membershipNumber', m.membership_number,
        'coveredTo', d.covered_to, 'phone', p.phone)
      from due d join memberships m on m.id = d.membership_id join persons p on p.id = m.person_id
    )
    select membership_id from due
  `.execute(ctx.db);

  let lapsed = 0;
  for (const segment of ['PMI', 'BPU', 'PU'] as const) {
    const graceDays = gracePeriodOf(segment, today).value;
    const segments = segment === 'PU' ? ['PU', 'FOREIGN_WORKER'] : [segment];
    const { rows } = await sql<{ id: string }>`
      select m.id from memberships m
      where m.status = 'ACTIVE' and m.segment = any(${segments}::text[])
        and not exists (
          select 1 from coverage_periods c where c.membership_id = m.id and c.covered_to >= ${addDays(today, -graceDays)}::date
        )
    `.execute(ctx.db);
    lapsed += await ctx.db.transaction().execute((trx) =>
      changeProtectionStatuses(trx, {
        membershipIds: rows.map((r) => r.id),
        status: 'LAPSED',
        reason: `no paid protection since more than ${graceDays} days`,
        actor: 'system:protection-check',
        at: now,
      }),
    );
  }
  return { reminded: reminded.length, lapsed };
}
