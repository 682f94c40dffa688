import { actorOf, type Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import * as store from './store.ts';

export interface RegistrationItem {
  membershipNumber: string;
  fullName: string;
  segment: string;
  status: string;
  pmiPhase: string | null;
  channel: string;
  partnerCode: string | null;
  registeredAt: string;
}

/**
 * The latest registrations, newest first: for officers the registrations to follow up
 * (status REGISTERED: not yet paid), for a partner user the members its partner registered.
 */
export async function listRegistrations(
  ctx: AppContext,
  query: { status?: string | undefined; cursor?: string | undefined; limit?: number | undefined },
  principal: Principal | undefined,
  requestId?: string,
): Promise<{ items: RegistrationItem[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const limit = query.limit ?? 20;
  const partnerId =
    principal?.kind === 'staff' && principal.role === 'PARTNER_USER'
      ? (principal.partnerId ?? '00000000-0000-0000-0000-000000000000')
      : null;
  const rows = await store.listRegistrations(
    ctx.db,
    { status: query.status ?? null, partnerId, after, limit },
    { actor: actorOf(principal), requestId: requestId ?? null, at: ctx.clock.now() },
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      membershipNumber: r.membership_number,
      fullName: r.full_name,
      segment: r.segment,
      status: r.status,
      pmiPhase: r.pmi_phase,
      channel: r.registration_channel,
      partnerCode: r.partner_code,
      registeredAt: r.registered_at.toISOString(),
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify({ at: last.registered_at.toISOString(), id: last.id })).toString('base64url')
        : null,
  };
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { at?: unknown; id?: unknown };
    if (
      typeof value.at === 'string' &&
      !Number.isNaN(Date.parse(value.at)) &&
      typeof value.id === 'string' &&
      /^[0-9a-f-]{36}$/.test(value.id)
    ) {
      return { at: value.at, id: value.id };
    }
  } catch {
    // falls through to the problem below
  }
  throw invalidInput([
    issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
  ]);
}
