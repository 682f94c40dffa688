import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import { type PmiDashboard, withCumulative } from './rules.ts';
import * as store from './store.ts';

/**
 * Coverage of migrant workers in figures: open PMI memberships by phase, destination,
 * channel and partner, and registrations over time. A partner user sees the figures of
 * the members their own partner registered.
 */
export async function readPmiDashboard(
  ctx: AppContext,
  query: { from?: string | undefined; to?: string | undefined },
  principal: Principal | undefined,
): Promise<PmiDashboard> {
  const from = query.from ?? null;
  const to = query.to ?? null;
  if (from && to && to < from) {
    throw invalidInput([
      issue('/to', 'PERIOD_REVERSED', 'The period must end on or after its start.', 'Periode harus berakhir pada atau setelah awalnya.'),
    ]);
  }
  const partnerId =
    principal?.kind === 'staff' && principal.role === 'PARTNER_USER'
      ? (principal.partnerId ?? '00000000-0000-0000-0000-000000000000')
      : null;
  const scope = { from, to, partnerId };
  const [byPhase, byDestination, byChannel, months] = await Promise.all([
    store.countByPhase(ctx.db, scope),
    store.countByDestination(ctx.db, scope),
    store.countByChannel(ctx.db, scope),
    store.countByMonth(ctx.db, scope),
  ]);
  return {
    from,
    to,
    total: byPhase.reduce((sum, r) => sum + r.members, 0),
    byPhase,
    byDestination,
    byChannel,
    monthly: withCumulative(months),
  };
}
