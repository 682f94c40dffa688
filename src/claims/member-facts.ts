import type { Kysely } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { jhtBalance } from '../jht/service.ts';
import type { MemberFacts } from './calculation.ts';
import { type ClaimType, programOf } from './rules.ts';
import * as store from './store.ts';

export interface FactsRequest {
  claimId: string;
  membershipId: string;
  membershipNumber: string;
  claimType: ClaimType;
  eventDate: string;
  claimDate: string;
}

/**
 * The member facts of each claim, as known on `on` (the JHT balance at the end of that
 * day): one set-wise query for the membership facts, then the ledger for JHT claims only.
 */
export async function memberFactsFor(
  ctx: Pick<AppContext, 'db'>,
  db: Kysely<Database>,
  requests: readonly FactsRequest[],
  on: string,
): Promise<Map<string, MemberFacts>> {
  const rows = await store.memberFactsOf(db, requests);
  const facts = new Map<string, MemberFacts>();
  for (const request of requests) {
    const row = rows.get(request.claimId);
    if (!row) continue;
    let balance: number | null = null;
    let unconfirmed = false;
    if (programOf(request.claimType) === 'JHT') {
      const answer = await jhtBalance({ ...ctx, db } as AppContext, request.membershipNumber, on, undefined);
      balance = answer.balance;
      unconfirmed = answer.unconfirmedYieldYears.length > 0;
    }
    facts.set(request.claimId, {
      segment: row.segment,
      birthDate: row.birth_date,
      nationality: row.nationality,
      membershipStart: row.membership_start,
      pmiPhaseOnEvent: row.pmi_phase_on_event,
      placementOpen: row.placement_open,
      jhtBalance: balance,
      jhtBalanceUnconfirmed: unconfirmed,
      wageOnRecord: row.wage_on_record,
    });
  }
  return facts;
}
