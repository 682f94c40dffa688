import { createHash, createPrivateKey } from 'node:crypto';
import type { JWK } from 'jose';
import type { AppContext } from '../context.ts';
import { addPartnerKey, listAgreements, listPartnerKeys, type Permission, recordAgreement } from '../partners/service.ts';
import { allFieldsOf } from './catalogue-fields.ts';

// Demo keys and agreements for the demo partners (synthetic). A demo partner's private key
// is derived from its code, so anyone running the demo can sign as that partner:
// `demoPartnerKey('KEMENLU')`. Never use derived keys outside the demo.

/** The demo partner's Ed25519 private key (JWK, with kid `<code>-demo`), derived from its code. */
export function demoPartnerKey(code: string): JWK {
  const seed = createHash('sha256').update(`lindung-demo-partner:${code}`).digest();
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const jwk = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }) as JWK;
  return { ...jwk, kid: `${code.toLowerCase()}-demo` };
}

const send = (documentType: string): Permission => ({ documentType, direction: 'SEND', fields: allFieldsOf(documentType) });
const receive = (documentType: string): Permission => ({ documentType, direction: 'RECEIVE', fields: allFieldsOf(documentType) });

const demoAgreements: Record<
  string,
  { kind: 'MOU' | 'COOPERATION_AGREEMENT'; signedOn: string; scope: string; permissions: Permission[] }
> = {
  KEMENLU: {
    kind: 'COOPERATION_AGREEMENT',
    signedOn: '2025-01-15',
    scope: 'Lapor Diri self-reports, contract extensions abroad and membership status of Indonesian workers abroad',
    permissions: [send('SELF_REPORT'), send('CONTRACT_EXTENSION'), receive('MEMBERSHIP_STATUS')],
  },
  IMIGRASI: {
    kind: 'COOPERATION_AGREEMENT',
    signedOn: '2024-08-23',
    scope: 'Passport and border-crossing data of migrant workers (after the data-exchange agreement of 23 Aug 2018)',
    permissions: [send('DEPARTURE'), send('ARRIVAL')],
  },
  'KJRI-HONGKONG': {
    kind: 'COOPERATION_AGREEMENT',
    signedOn: '2025-03-01',
    scope: 'Registration desk and contract extensions at the consulate',
    permissions: [send('PARTNER_REGISTRATION'), send('CONTRACT_EXTENSION')],
  },
  'LP-SABAH': {
    kind: 'COOPERATION_AGREEMENT',
    signedOn: '2025-06-01',
    scope: 'Registration of plantation workers in Sabah',
    permissions: [send('PARTNER_REGISTRATION')],
  },
};

/**
 * Gives the demo partners that exist a derived signing key and an agreement (three years
 * from signature). Idempotent: partners that have them already are left alone.
 */
export async function seedExchangeDemo(ctx: AppContext): Promise<{ keys: number; agreements: number }> {
  let keys = 0;
  let agreements = 0;
  for (const [code, agreement] of Object.entries(demoAgreements)) {
    const partner = await ctx.db.selectFrom('partners').select('id').where('code', '=', code).executeTakeFirst();
    if (!partner) continue;
    if ((await listPartnerKeys(ctx, code)).length === 0) {
      const { d: _private, ...publicJwk } = demoPartnerKey(code);
      await addPartnerKey(ctx, code, { publicJwk, validFrom: `${agreement.signedOn}T00:00:00Z` });
      keys++;
    }
    if ((await listAgreements(ctx, code)).length === 0) {
      await recordAgreement(ctx, code, { ...agreement, reference: `PKS/${code}/${agreement.signedOn.slice(0, 4)}` });
      agreements++;
    }
  }
  return { keys, agreements };
}
