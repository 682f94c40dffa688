import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { isCountryCode } from '../kernel/countries.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import type { Contact, PartnerType } from './rules.ts';

export { addPartnerKey, listPartnerKeys, type PartnerKeyView, revokePartnerKey } from './add-partner-key.ts';
export {
  type AgreementInput,
  type AgreementView,
  agreementFor,
  listAgreements,
  recordAgreement,
  setAgreementSuspension,
} from './record-agreement.ts';
export { requirePartner } from './require-partner.ts';
export {
  type AgreementKind,
  agreementKinds,
  type DocumentType,
  documentTypes,
  fieldsOutsidePermission,
  type KeyStanding,
  keyStanding,
  type PartnerType,
  type Permission,
  partnerTypes,
} from './rules.ts';
export { findKeyWithPartner } from './store.ts';

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
  input: {
    code: string;
    name: string;
    type: PartnerType;
    country: string;
    contacts?: Contact[] | undefined;
    endpointUrl?: string | undefined;
  },
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
    return await ctx.db
      .insertInto('partners')
      .values({
        code: input.code,
        name: input.name,
        type: input.type,
        country: input.country,
        contacts: JSON.stringify(input.contacts ?? []),
        endpoint_url: input.endpointUrl ?? null,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
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

/** Where outbound documents to a partner go (its gateway); null stops outbound delivery. */
export async function setPartnerEndpoint(ctx: Pick<AppContext, 'db'>, code: string, endpointUrl: string | null): Promise<void> {
  const result = await ctx.db.updateTable('partners').set({ endpoint_url: endpointUrl }).where('code', '=', code).executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new DomainError('not_found', 'PARTNER_NOT_FOUND', {
      en: `No partner has the code ${code}.`,
      id: `Tidak ada mitra dengan kode ${code}.`,
    });
  }
}
