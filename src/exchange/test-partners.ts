/**
 * Test helpers of the partner gateway: a partner with a registered key and an agreement,
 * and signed messages sent through the API. Synthetic data only.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { AppContext } from '../context.ts';
import { addPartnerKey, createPartner, type PartnerType, type Permission, recordAgreement } from '../partners/service.ts';
import type { TestApp } from '../testing/harness.ts';
import { generatePartnerKey, type MessageDraft, type PartnerKeyPair, signMessage } from './client.ts';
import { joseMediaType } from './rules.ts';

export const allFields: Record<string, string[]> = {
  SELF_REPORT: ['person', 'passport', 'country', 'address', 'employer', 'contract', 'consentToRegister'],
  CONTRACT_EXTENSION: ['person', 'passport', 'country', 'employer', 'contract'],
  DEPARTURE: ['passport', 'nik', 'crossedOn', 'country', 'borderPost'],
  ARRIVAL: ['passport', 'nik', 'crossedOn', 'country', 'borderPost'],
  PARTNER_REGISTRATION: ['person', 'passport', 'address', 'placement'],
  MEMBERSHIP_STATUS: ['inReplyTo', 'membershipNumber', 'status', 'protected', 'protectedUntil', 'asOf'],
};

export interface TestPartner {
  code: string;
  key: PartnerKeyPair;
  sign(type: string, document: Record<string, unknown>, options?: Partial<MessageDraft>): Promise<string>;
}

let partners = 0;

/** A partner with one valid key and an agreement in force that lets it send (and receive) the given types with all their fields. */
export async function partnerWithAgreement(
  ctx: AppContext,
  options: {
    type: PartnerType;
    country?: string;
    send: string[];
    receive?: string[];
    agreement?: { signedOn?: string; validTo?: string };
    endpointUrl?: string;
    fields?: Record<string, string[]>;
  },
): Promise<TestPartner> {
  partners += 1;
  const code = `TP-${options.type.slice(0, 8)}-${partners}`;
  await createPartner(ctx, {
    code,
    name: `Test partner ${partners}`,
    type: options.type,
    country: options.country ?? 'ID',
    endpointUrl: options.endpointUrl,
  });
  const key = await generatePartnerKey(`${code.toLowerCase()}-key-1`);
  await addPartnerKey(ctx, code, { publicJwk: key.publicJwk, validFrom: new Date(ctx.clock.now().getTime() - 86_400_000).toISOString() });
  const permissions: Permission[] = [
    ...options.send.map((documentType) => ({
      documentType,
      direction: 'SEND' as const,
      fields: (options.fields ?? allFields)[documentType] ?? [],
    })),
    ...(options.receive ?? []).map((documentType) => ({
      documentType,
      direction: 'RECEIVE' as const,
      fields: allFields[documentType] ?? [],
    })),
  ];
  const today = ctx.clock.today();
  await recordAgreement(ctx, code, {
    kind: 'COOPERATION_AGREEMENT',
    reference: `PKS/${code}/1`,
    signedOn: options.agreement?.signedOn ?? `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`,
    validTo: options.agreement?.validTo,
    scope: 'Test exchanges',
    permissions,
  });
  return {
    code,
    key,
    sign: (type, document, draft = {}) => signMessage(key.privateJwk, { type, sender: code, document, sentAt: ctx.clock.now(), ...draft }),
  };
}

export function post(t: TestApp, jws: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/exchange/messages', headers: { 'content-type': joseMediaType }, payload: jws });
}
