import type { Principal } from '../auth/rules.ts';
import { actorOf } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { normalizeName } from '../identity/names.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import { requireValidMembershipNumber, visibilityOf } from './access.ts';
import type { MemberSummary, SearchInput } from './schemas.ts';
import * as store from './store.ts';

/**
 * Finds members by exactly one criterion: NIK, passport, membership number, or name
 * with birth date. A partner user finds only members their partner registered.
 */
export async function searchMembers(
  ctx: AppContext,
  input: SearchInput,
  principal: Principal | undefined,
  requestId?: string,
): Promise<{ items: MemberSummary[]; nextCursor: string | null }> {
  const criterion = criterionOf(input);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const limit = input.limit ?? 20;
  const rows = await store.searchMembers(ctx.db, criterion, {
    visibility: visibilityOf(principal),
    after,
    limit,
    access: { actor: actorOf(principal), requestId: requestId ?? null, at: ctx.clock.now() },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      membershipNumber: r.membership_number,
      fullName: r.full_name,
      birthDate: r.birth_date,
      segment: r.segment,
      status: r.status,
      pmiPhase: r.pmi_phase,
      destinationCountry: r.destination_country,
    })),
    nextCursor: rows.length > limit && page.length > 0 ? encodeCursor(page[page.length - 1]?.membership_number ?? '') : null,
  };
}

function criterionOf(input: SearchInput): store.SearchCriterion {
  const given = [input.nik, input.passport, input.membershipNumber, input.name ?? input.birthDate].filter((c) => c !== undefined);
  if (given.length !== 1) {
    throw invalidInput([
      issue(
        '',
        'ONE_SEARCH_CRITERION',
        'Search by exactly one of: nik, passport, membershipNumber, or name with birthDate.',
        'Cari dengan tepat satu dari: nik, passport, membershipNumber, atau name dengan birthDate.',
      ),
    ]);
  }
  if (input.nik !== undefined) return { kind: 'nik', nik: input.nik };
  if (input.passport !== undefined) {
    return { kind: 'passport', number: input.passport.number.toUpperCase(), issuingCountry: input.passport.issuingCountry };
  }
  if (input.membershipNumber !== undefined) {
    requireValidMembershipNumber(input.membershipNumber);
    return { kind: 'membershipNumber', membershipNumber: input.membershipNumber };
  }
  const tokens = normalizeName(input.name ?? '')
    .split(' ')
    .filter((t) => t.length > 0);
  if (!input.birthDate || tokens.length === 0) {
    throw invalidInput([
      issue(
        input.birthDate ? '/name' : '/birthDate',
        'NAME_NEEDS_BIRTH_DATE',
        'A name search needs both a name and a birth date.',
        'Pencarian nama memerlukan nama dan tanggal lahir.',
      ),
    ]);
  }
  return { kind: 'nameAndBirthDate', nameTokens: tokens, birthDate: input.birthDate };
}

function encodeCursor(lastMembershipNumber: string): string {
  return Buffer.from(`m:${lastMembershipNumber}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!/^m:\d{11}$/.test(decoded)) {
    throw invalidInput([
      issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
    ]);
  }
  return decoded.slice(2);
}
