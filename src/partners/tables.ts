import type { ColumnType, Generated } from 'kysely';
import type { AgreementKind, AgreementStatus, Contact, PartnerType, Permission } from './rules.ts';

type Json<T> = ColumnType<T, string, string>;

export interface PartnerTables {
  partners: {
    id: Generated<string>;
    code: string;
    name: string;
    type: PartnerType;
    country: string;
    contacts: ColumnType<Contact[], string | undefined, string>;
    /** Where outbound documents to this partner are posted (its gateway). */
    endpoint_url: ColumnType<string | null, string | null | undefined, string | null>;
    created_at: Generated<Date>;
  };
  partner_keys: {
    kid: string;
    partner_id: string;
    public_jwk: Json<Record<string, unknown>>;
    valid_from: Date;
    valid_to: Date | null;
    revoked_at: Date | null;
    created_at: Generated<Date>;
  };
  partner_agreements: {
    id: Generated<string>;
    partner_id: string;
    kind: AgreementKind;
    reference: string;
    signed_on: string;
    valid_from: string;
    valid_to: string;
    scope: string;
    permissions: Json<Permission[]>;
    status: Generated<AgreementStatus>;
    suspended_reason: string | null;
    created_at: Generated<Date>;
  };
}
