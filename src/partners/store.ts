import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AgreementKind, Permission } from './rules.ts';

type Db = Kysely<Database>;

export function insertKey(
  db: Db,
  key: { kid: string; partnerId: string; publicJwk: Record<string, unknown>; validFrom: Date; validTo: Date | null },
) {
  return db
    .insertInto('partner_keys')
    .values({
      kid: key.kid,
      partner_id: key.partnerId,
      public_jwk: JSON.stringify(key.publicJwk),
      valid_from: key.validFrom,
      valid_to: key.validTo,
      revoked_at: null,
    })
    .returning(['kid', 'public_jwk', 'valid_from', 'valid_to', 'revoked_at'])
    .executeTakeFirstOrThrow();
}

export function listKeys(db: Db, partnerId: string) {
  return db
    .selectFrom('partner_keys')
    .select(['kid', 'public_jwk', 'valid_from', 'valid_to', 'revoked_at'])
    .where('partner_id', '=', partnerId)
    .orderBy('valid_from')
    .execute();
}

export function revokeKey(db: Db, partnerId: string, kid: string, at: Date) {
  return db
    .updateTable('partner_keys')
    .set({ revoked_at: at })
    .where('partner_id', '=', partnerId)
    .where('kid', '=', kid)
    .where('revoked_at', 'is', null)
    .returning(['kid', 'public_jwk', 'valid_from', 'valid_to', 'revoked_at'])
    .executeTakeFirst();
}

/** A key by its id, with the partner that holds it. */
export function findKeyWithPartner(db: Db, kid: string) {
  return db
    .selectFrom('partner_keys as k')
    .innerJoin('partners as p', 'p.id', 'k.partner_id')
    .select([
      'k.kid',
      'k.public_jwk',
      'k.valid_from',
      'k.valid_to',
      'k.revoked_at',
      'p.id as partner_id',
      'p.code as partner_code',
      'p.type as partner_type',
      'p.country as partner_country',
      'p.endpoint_url',
    ])
    .where('k.kid', '=', kid)
    .executeTakeFirst();
}

export function insertAgreement(
  db: Db,
  agreement: {
    partnerId: string;
    kind: AgreementKind;
    reference: string;
    signedOn: string;
    validFrom: string;
    validTo: string;
    scope: string;
    permissions: Permission[];
  },
) {
  return db
    .insertInto('partner_agreements')
    .values({
      partner_id: agreement.partnerId,
      kind: agreement.kind,
      reference: agreement.reference,
      signed_on: agreement.signedOn,
      valid_from: agreement.validFrom,
      valid_to: agreement.validTo,
      scope: agreement.scope,
      permissions: JSON.stringify(agreement.permissions),
      suspended_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listAgreements(db: Db, partnerId: string) {
  return db.selectFrom('partner_agreements').selectAll().where('partner_id', '=', partnerId).orderBy('valid_from').execute();
}

export function setAgreementStatus(db: Db, id: string, status: 'ACTIVE' | 'SUSPENDED', reason: string | null) {
  return db
    .updateTable('partner_agreements')
    .set({ status, suspended_reason: reason })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
