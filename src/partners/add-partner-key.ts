import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError, type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { requirePartner } from './require-partner.ts';
import { keyStanding } from './rules.ts';
import * as store from './store.ts';

export interface PartnerKeyView {
  kid: string;
  publicJwk: Record<string, unknown>;
  validFrom: string;
  validTo: string | null;
  revokedAt: string | null;
  standing: ReturnType<typeof keyStanding>;
}

export function keyView(row: Awaited<ReturnType<typeof store.listKeys>>[number], now: Date): PartnerKeyView {
  return {
    kid: row.kid,
    publicJwk: row.public_jwk,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    standing: keyStanding(row, now),
  };
}

/**
 * Registers a partner's public signing key (Ed25519, JWK). Several keys may be valid at
 * once, so a partner rolls over to a new key before the old one ends.
 */
export async function addPartnerKey(
  ctx: AppContext,
  partnerCode: string,
  input: { publicJwk: JWK; validFrom?: string | undefined; validTo?: string | undefined },
): Promise<PartnerKeyView> {
  const partner = await requirePartner(ctx, partnerCode);
  const issues: FieldIssue[] = [];
  const jwk = input.publicJwk;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    issues.push(
      issue(
        '/publicJwk',
        'KEY_NOT_ED25519',
        'The key must be an Ed25519 public JWK (kty OKP, crv Ed25519).',
        'Kunci harus JWK publik Ed25519 (kty OKP, crv Ed25519).',
      ),
    );
  } else if ('d' in jwk) {
    issues.push(
      issue(
        '/publicJwk/d',
        'PRIVATE_KEY_SENT',
        'Send only the public half of the key; the private part never leaves the partner.',
        'Kirim hanya bagian publik kunci; bagian privat tidak boleh keluar dari mitra.',
      ),
    );
  } else {
    try {
      await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA');
    } catch {
      issues.push(
        issue(
          '/publicJwk/x',
          'KEY_UNREADABLE',
          'The key cannot be read as an Ed25519 public key.',
          'Kunci tidak dapat dibaca sebagai kunci publik Ed25519.',
        ),
      );
    }
  }
  const validFrom = input.validFrom ? new Date(input.validFrom) : ctx.clock.now();
  const validTo = input.validTo ? new Date(input.validTo) : null;
  if (validTo && validTo <= validFrom) {
    issues.push(
      issue(
        '/validTo',
        'VALIDITY_ENDS_BEFORE_START',
        'The key must stop being valid after it starts.',
        'Masa berlaku kunci harus berakhir setelah dimulai.',
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string };
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  try {
    const row = await store.insertKey(ctx.db, { kid, partnerId: partner.id, publicJwk: { ...publicJwk, kid }, validFrom, validTo });
    return keyView(row, ctx.clock.now());
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'KEY_ID_TAKEN', {
        en: `A key with id ${kid} is already registered.`,
        id: `Kunci dengan id ${kid} sudah terdaftar.`,
      });
    }
    throw error;
  }
}

export async function listPartnerKeys(ctx: AppContext, partnerCode: string): Promise<PartnerKeyView[]> {
  const partner = await requirePartner(ctx, partnerCode);
  const now = ctx.clock.now();
  return (await store.listKeys(ctx.db, partner.id)).map((row) => keyView(row, now));
}

/** Withdraws a key at once (compromise, or the end of a rollover). */
export async function revokePartnerKey(ctx: AppContext, partnerCode: string, kid: string): Promise<PartnerKeyView> {
  const partner = await requirePartner(ctx, partnerCode);
  const row = await store.revokeKey(ctx.db, partner.id, kid, ctx.clock.now());
  if (!row) {
    throw new DomainError('not_found', 'KEY_NOT_FOUND', {
      en: `${partnerCode} has no unrevoked key ${kid}.`,
      id: `${partnerCode} tidak memiliki kunci ${kid} yang belum dicabut.`,
    });
  }
  return keyView(row, ctx.clock.now());
}
