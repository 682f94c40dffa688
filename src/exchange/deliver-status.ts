import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { AppContext } from '../context.ts';
import { coverageOn } from '../contributions/service.ts';
import { findMembershipRef } from '../membership/service.ts';
import type { OutboxHandlers, OutboxMessage } from '../outbox/service.ts';
import { agreementFor, fieldsOutsidePermission, findKeyWithPartner, keyStanding } from '../partners/service.ts';
import { appendLogNow } from './log.ts';
import { statusTopic } from './receive-message.ts';
import { joseMediaType, lindungSender, messageJwsType, sha256Hex } from './rules.ts';
import { documentIssues } from './validate.ts';

export interface StatusRequest {
  partnerId: string;
  membershipNumber: string;
  inReplyTo: string;
}

/** A delivery that did not go through; the outbox retries it with backoff, then keeps it as a dead letter. */
class DeliveryFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * The outbox handlers of the partner gateway. A message id is derived from the outbox id,
 * so every retry of one delivery carries the same id and the partner can drop repeats.
 */
export function exchangeOutboxHandlers(ctx: AppContext, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): OutboxHandlers {
  return { [statusTopic]: (message) => deliverMembershipStatus(ctx, message, options) };
}

export async function deliverMembershipStatus(
  ctx: AppContext,
  message: OutboxMessage,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<void> {
  const request = message.payload as StatusRequest;
  const partner = await ctx.db
    .selectFrom('partners')
    .select(['id', 'code', 'endpoint_url'])
    .where('id', '=', request.partnerId)
    .executeTakeFirst();
  if (!partner?.endpoint_url) throw new DeliveryFailed('NO_ENDPOINT', 'the partner has no gateway address');
  const agreement = await agreementFor(ctx, partner.id, 'MEMBERSHIP_STATUS', 'RECEIVE', ctx.clock.today());
  if (agreement?.standing !== 'IN_FORCE')
    throw new DeliveryFailed('AGREEMENT_NOT_IN_FORCE', `no agreement in force lets ${partner.code} receive MEMBERSHIP_STATUS`);

  const today = ctx.clock.today();
  const membership = await findMembershipRef(ctx, request.membershipNumber, undefined);
  const coverage = await coverageOn(ctx, request.membershipNumber, { program: 'JKK', date: today }, undefined);
  const document = {
    inReplyTo: request.inReplyTo,
    membershipNumber: membership.membershipNumber,
    status: membership.status,
    protected: coverage.covered,
    protectedUntil: coverage.reason.period?.to ?? null,
    asOf: today,
  };
  const problems = [...documentIssues('MEMBERSHIP_STATUS', document), ...fieldsOutsidePermission(document, agreement.fields)];
  if (problems.length > 0) throw new DeliveryFailed('DOCUMENT_NOT_SENDABLE', 'the document breaks its schema or the agreement');
  const messageId = `LINDUNG-STATUS-${message.id}`;
  const envelope = {
    type: 'MEMBERSHIP_STATUS',
    version: 1,
    sender: lindungSender,
    messageId,
    sentAt: ctx.clock.now().toISOString(),
    document,
  };
  const jws = await ctx.signingKeys.sign(envelope, messageJwsType);
  const requestHash = sha256Hex(jws);
  const entry = {
    direction: 'OUTBOUND' as const,
    partnerCode: partner.code,
    messageId,
    documentType: 'MEMBERSHIP_STATUS',
    requestId: messageId,
  };

  let outcome = 'DELIVERED';
  let errorCode: string | null = null;
  let responseHash = sha256Hex('');
  try {
    const response = await (options.fetch ?? fetch)(partner.endpoint_url, {
      method: 'POST',
      headers: { 'content-type': joseMediaType, accept: 'application/json' },
      body: jws,
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    responseHash = sha256Hex(text);
    if (!response.ok) throw new DeliveryFailed('PARTNER_REFUSED', `the partner answered ${response.status}`);
    const receipt = (JSON.parse(text) as { receipt?: unknown }).receipt;
    if (typeof receipt !== 'string') throw new DeliveryFailed('NO_RECEIPT', 'the partner answered without a signed receipt');
    const acknowledged = await verifyPartnerReceipt(ctx, partner.id, receipt);
    if (acknowledged.messageId !== messageId || acknowledged.requestHash !== requestHash) {
      throw new DeliveryFailed('RECEIPT_MISMATCH', 'the receipt does not echo this message and its hash');
    }
  } catch (error) {
    outcome = 'FAILED';
    errorCode = error instanceof DeliveryFailed ? error.code : 'UNREACHABLE';
    await appendLogNow(ctx, [
      { ...entry, kind: 'REQUEST', outcome, errorCode, contentSha256: requestHash },
      { ...entry, kind: 'RESPONSE', outcome, errorCode, contentSha256: responseHash },
    ]);
    throw error instanceof DeliveryFailed ? error : new DeliveryFailed('UNREACHABLE', (error as Error).message);
  }
  await appendLogNow(ctx, [
    { ...entry, kind: 'REQUEST', outcome, errorCode, contentSha256: requestHash },
    { ...entry, kind: 'RESPONSE', outcome, errorCode, contentSha256: responseHash },
  ]);
}

/** A partner's receipt, checked against the keys registered for that partner. */
async function verifyPartnerReceipt(
  ctx: AppContext,
  partnerId: string,
  receipt: string,
): Promise<{ messageId?: string; requestHash?: string }> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(receipt).kid;
  } catch {
    throw new DeliveryFailed('RECEIPT_UNREADABLE', 'the receipt is not a compact JWS');
  }
  const key = kid ? await findKeyWithPartner(ctx.db, kid) : undefined;
  if (!key || key.partner_id !== partnerId || keyStanding(key, ctx.clock.now()) !== 'VALID') {
    throw new DeliveryFailed('RECEIPT_KEY_UNKNOWN', 'the receipt is not signed with a valid key of this partner');
  }
  try {
    const { payload } = await compactVerify(receipt, await importJWK({ ...(key.public_jwk as JWK), alg: 'EdDSA' }, 'EdDSA'));
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new DeliveryFailed('RECEIPT_BAD_SIGNATURE', 'the receipt’s signature does not verify');
  }
}
