import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { isCountryCode } from '../kernel/countries.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import type { PartnerType } from './rules.ts';

export { type PartnerType, partnerTypes } from './rules.ts';

export interface Partner {
  id: string;
  code: string;
  name: string;
  type: PartnerType;
  country: string;
}

const columns = ['id', 'code', 'name', 'type', 'country'] as const;

export function findPartnerByCode(ctx: Pick<AppContext, 'db'>, code: string): Promise<Partner | undefined> {
  return ctx.db.selectFrom('partners').select(columns).where('code', '=', code).executeTakeFirst();
}

export function findPartnerById(ctx: Pick<AppContext, 'db'>, id: string): Promise<Partner | undefined> {
  return ctx.db.selectFrom('partners').select(columns).where('id', '=', id).executeTakeFirst();
}

export function listPartners(ctx: Pick<AppContext, 'db'>): Promise<Partner[]> {
  return ctx.db.selectFrom('partners').select(columns).orderBy('code').execute();
}

export async function createPartner(
  ctx: Pick<AppContext, 'db'>,
  input: { code: string; name: string; type: PartnerType; country: string },
): Promise<Partner> {
  if (!isCountryCode(input.country)) {
    throw invalidInput([
      issue(
        '/country',
        'UNKNOWN_COUNTRY',
        `${input.country} is not an ISO 3166-1 country code.`,
        `${input.country} bukan kode negara ISO 3166-1.`,
      ),
    ]);
  }
  try {
    return await ctx.db.insertInto('partners').values(input).returning(columns).executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'PARTNER_CODE_TAKEN', {
        en: `A partner with code ${input.code} already exists.`,
        id: `Mitra dengan kode ${input.code} sudah ada.`,
      });
    }
    throw error;
  }
}
