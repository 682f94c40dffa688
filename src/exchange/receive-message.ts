import { createPublicKey, type JsonWebKey, type KeyObject, randomUUID } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { AppContext } from '../context.ts';
import { DomainError, type ErrorKind, type FieldIssue } from '../kernel/errors.ts';
import { enqueueAll } from '../outbox/service.ts';
import { fieldsOutsidePermission, keyStanding } from '../partners/service.ts';
import { ed25519Verify } from '../signing/ed25519.ts';
import { applyDocument } from './apply-document.ts';
import { catalogueEntry } from './catalogue.ts';
import {
  acceptClaims,
  type Claim,
  ClaimLostError,
  claimMessage,
  type EarlierMessage,
  findMessage,
  messageInProgress,
  oneAtATime,
  releaseClaim,
} from './claim-message.ts';
import { cachedAgreement, cachedKey } from './credentials-cache.ts';
import { appendLogGrouped, setWise } from './log.ts';
import { clockSkew, lindungSender, maxMessageBytes, receiptJwsType, requireAgreementInForce, sha256Hex } from './rules.ts';
import { documentIssues, envelopeIssues } from './validate.ts';

export const statusTopic = 'exchange.membership-status';

export interface Envelope {
  type: string;
  version: number;
  sender: string;
  messageId: string;
  sentAt: string;
  document: Record<string, unknown>;
}

/** What the gateway answers: a signed receipt, or a problem that carries one. */
export type Answer =
  | {
      ok: true;
      status: 200;
      body: {
        outcome: 'ACCEPTED';
        replayed: boolean;
        requestId: string;
        requestHash: string;
        messageId: string;
        documentType: string;
        result: Record<string, unknown>;
        receipt: string;
      };
    }
  | { ok: false; error: DomainError };

interface Known {
  partnerCode: string | null;
  messageId: string | null;
  documentType: string | null;
}

const importedKeys = new Map<string, KeyObject>();
const utf8 = new TextDecoder();
const base64urlAlphabet = /^[A-Za-z0-9_-]*$/;
const isBase64url = (text: string) => text.length % 4 !== 1 && base64urlAlphabet.test(text);

/**
 * The payload of a compact JWS whose EdDSA signature holds with the partner's key, else
 * undefined. Checked with node's crypto on the signing threads (`signing/ed25519.ts`): jose
 * verifies through WebCrypto, whose job queue costs about as much as the Ed25519 check
 * itself, and every partner message is verified. Headers with `crit` or `b64` (RFC 7797 unencoded payloads) go to jose, which
 * knows their rules.
 */
async function verifiedPayload(
  jws: string,
  header: ReturnType<typeof decodeProtectedHeader>,
  kid: string,
  publicJwk: JWK,
): Promise<Uint8Array | undefined> {
  if (header.crit !== undefined || header.b64 !== undefined) {
    const publicKey = await importJWK({ ...publicJwk, alg: 'EdDSA' }, 'EdDSA');
    return (await compactVerify(jws, publicKey, { algorithms: ['EdDSA'] })).payload;
  }
  const parts = jws.split('.');
  const [protectedHeader, payload, signature] = parts;
  if (parts.length !== 3 || protectedHeader === undefined || payload === undefined || signature === undefined) return undefined;
  // Strict base64url, as jose decodes it: Buffer would skip stray characters and a dangling one.
  if (!isBase64url(payload) || !isBase64url(signature)) return undefined;
  // Keyed by the key material too: a kid names one key within one database only.
  const cacheKey = `${kid}:${String(publicJwk.x)}`;
  let publicKey = importedKeys.get(cacheKey);
  if (!publicKey) {
    publicKey = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' });
    if (publicKey.asymmetricKeyType !== 'ed25519') return undefined;
    importedKeys.set(cacheKey, publicKey);
  }
  if (!(await ed25519Verify(publicKey, `${protectedHeader}.${payload}`, signature))) return undefined;
  return Buffer.from(payload, 'base64url');
}

function rejection(kind: ErrorKind, code: string, en: string, id: string, issues: FieldIssue[] = []): DomainError {
  return new DomainError(kind, code, { en, id }, { issues });
}

/**
 * Receives one signed message: verifies it (signature, key, clock, replay, agreement,
 * schema, fields), applies its document and answers with a receipt signed by Lindung.
 * Whatever happens, the request and the answer are appended to the message log; a
 * rejected message leaves nothing else behind.
 */
export async function receiveMessage(ctx: AppContext, raw: string | undefined, requestId: string = randomUUID()): Promise<Answer> {
  const body = raw ?? '';
  const requestHash = sha256Hex(body);
  const known: Known = { partnerCode: null, messageId: null, documentType: null };
  try {
    return await verifyAndApply(ctx, body, requestId, requestHash, known);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return reject(ctx, error, { requestId, requestHash, known });
  }
}

/** A body too large to read: answered and logged like any other rejection. */
export function rejectOversized(ctx: AppContext, requestId: string): Promise<Answer> {
  const error = rejection(
    'payload_too_large',
    'MESSAGE_TOO_LARGE',
    `A signed message may be at most ${maxMessageBytes / 1024} KiB; send bulk data as a file.`,
    `Pesan bertanda tangan paling besar ${maxMessageBytes / 1024} KiB; kirim data massal sebagai berkas.`,
  );
  return reject(ctx, error, { requestId, requestHash: sha256Hex(''), known: { partnerCode: null, messageId: null, documentType: null } });
}

async function reject(
  ctx: AppContext,
  error: DomainError,
  context: { requestId: string; requestHash: string; known: Known },
): Promise<Answer> {
  const receipt = await ctx.signingKeys.sign(
    {
      sender: lindungSender,
      requestId: context.requestId,
      requestHash: context.requestHash,
      messageId: context.known.messageId,
      documentType: context.known.documentType,
      outcome: 'REJECTED',
      code: error.code,
      issues: error.issues.map((i) => ({ pointer: i.pointer, code: i.code })),
      issuedAt: ctx.clock.now().toISOString(),
    },
    receiptJwsType,
  );
  await appendLogGrouped(ctx, logPair(context, 'REJECTED', error.code, receipt));
  const signed = new DomainError(error.kind, error.code, error.title, {
    issues: error.issues,
    extensions: {
      ...error.extensions,
      requestId: context.requestId,
      requestHash: context.requestHash,
      messageId: context.known.messageId,
      receipt,
    },
  });
  return { ok: false, error: signed };
}

function logPair(
  context: { requestId: string; requestHash: string; known: Known },
  outcome: string,
  errorCode: string | null,
  receipt: string,
) {
  const common = {
    direction: 'INBOUND' as const,
    partnerCode: context.known.partnerCode,
    messageId: context.known.messageId,
    documentType: context.known.documentType,
    requestId: context.requestId,
    outcome,
    errorCode,
  };
  return [
    { ...common, kind: 'REQUEST' as const, contentSha256: context.requestHash },
    { ...common, kind: 'RESPONSE' as const, contentSha256: sha256Hex(receipt) },
  ];
}

async function verifyAndApply(ctx: AppContext, body: string, requestId: string, requestHash: string, known: Known): Promise<Answer> {
  if (Buffer.byteLength(body) > maxMessageBytes) {
    throw rejection(
      'payload_too_large',
      'MESSAGE_TOO_LARGE',
      `A signed message may be at most ${maxMessageBytes / 1024} KiB.`,
      `Pesan bertanda tangan paling besar ${maxMessageBytes / 1024} KiB.`,
    );
  }
  if (body.trim() === '') {
    throw rejection(
      'unauthenticated',
      'SIGNATURE_REQUIRED',
      'Send the message as a compact JWS signed with your registered key.',
      'Kirim pesan sebagai JWS ringkas yang ditandatangani dengan kunci terdaftar Anda.',
    );
  }
  const jws = body.trim();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw rejection('malformed', 'MALFORMED_MESSAGE', 'The body is not a compact JWS.', 'Isi permintaan bukan JWS ringkas.');
  }
  if (header.alg !== 'EdDSA' || typeof header.kid !== 'string') {
    throw rejection(
      'unauthenticated',
      'UNSUPPORTED_SIGNATURE',
      'Sign with EdDSA (Ed25519) and name the key in the kid header.',
      'Tanda tangani dengan EdDSA (Ed25519) dan sebutkan kunci pada header kid.',
    );
  }
  const key = await cachedKey(ctx, header.kid);
  if (!key) {
    throw rejection(
      'unauthenticated',
      'UNKNOWN_KEY',
      `No partner key ${header.kid} is registered.`,
      `Tidak ada kunci mitra ${header.kid} yang terdaftar.`,
    );
  }
  known.partnerCode = key.partner_code;
  const now = ctx.clock.now();
  const standing = keyStanding(key, now);
  if (standing !== 'VALID') {
    const codes = { REVOKED: 'KEY_REVOKED', EXPIRED: 'KEY_EXPIRED', NOT_YET_VALID: 'KEY_NOT_YET_VALID' } as const;
    throw rejection(
      'unauthenticated',
      codes[standing],
      `The key ${header.kid} is ${standing.toLowerCase().replaceAll('_', ' ')}.`,
      `Kunci ${header.kid} tidak berlaku (${standing}).`,
    );
  }
  let payloadBytes: Uint8Array | undefined;
  try {
    payloadBytes = await verifiedPayload(jws, header, key.kid, key.public_jwk as JWK);
  } catch {
    payloadBytes = undefined;
  }
  if (!payloadBytes) {
    throw rejection(
      'unauthenticated',
      'BAD_SIGNATURE',
      'The signature does not verify with the named key.',
      'Tanda tangan tidak cocok dengan kunci yang disebutkan.',
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(utf8.decode(payloadBytes));
  } catch {
    throw rejection('malformed', 'MALFORMED_MESSAGE', 'The signed payload is not JSON.', 'Muatan bertanda tangan bukan JSON.');
  }
  const envelopeProblems = envelopeIssues(payload);
  if (envelopeProblems.length > 0) {
    throw rejection(
      'malformed',
      'ENVELOPE_INVALID',
      'The message lacks its type, version, sender, message id, time or document.',
      'Pesan tidak memuat jenis, versi, pengirim, id pesan, waktu atau dokumennya.',
      envelopeProblems,
    );
  }
  const envelope = payload as Envelope;
  known.messageId = envelope.messageId;
  known.documentType = envelope.type;
  if (envelope.sender !== key.partner_code) {
    throw rejection(
      'unauthenticated',
      'SENDER_MISMATCH',
      `The key ${key.kid} belongs to ${key.partner_code}, not ${envelope.sender}.`,
      `Kunci ${key.kid} milik ${key.partner_code}, bukan ${envelope.sender}.`,
    );
  }
  const skew = clockSkew(new Date(envelope.sentAt), now);
  if (skew === 'STALE') {
    throw rejection(
      'unauthenticated',
      'MESSAGE_TOO_OLD',
      'The message was sent more than 5 minutes ago; sign it again with the current time.',
      'Pesan dikirim lebih dari 5 menit yang lalu; tanda tangani lagi dengan waktu saat ini.',
    );
  }
  if (skew === 'FUTURE') {
    throw rejection(
      'unauthenticated',
      'MESSAGE_FROM_FUTURE',
      'The message is dated more than 5 minutes ahead; check your clock.',
      'Pesan bertanggal lebih dari 5 menit ke depan; periksa jam Anda.',
    );
  }
  const contentHash = sha256Hex(payloadBytes);
  const context = { requestId, requestHash, known };
  try {
    await checkDocument(ctx, key, envelope);
  } catch (error) {
    // A message id seen before is answered as a replay, whatever its checks say today
    // (an agreement may have been suspended since the original receipt, for instance).
    const earlier = error instanceof DomainError ? await findMessage(ctx.db, key.partner_id, envelope.messageId) : undefined;
    if (earlier) return answerReplay(ctx, earlier, contentHash, context);
    throw error;
  }
  return oneAtATime(ctx.db, key.partner_id, envelope.messageId, async () => {
    const claiming = await claimMessage(ctx, {
      partnerId: key.partner_id,
      messageId: envelope.messageId,
      documentType: envelope.type,
      contentHash,
      receivedAt: now,
    });
    if ('earlier' in claiming) return answerReplay(ctx, claiming.earlier, contentHash, context);
    const claim = claiming.claimed;
    try {
      return await applyAndAccept(ctx, key, envelope, claim, context);
    } catch (error) {
      // Nothing was accepted: give the claim up so that a retry is processed afresh. If even
      // that fails (database gone), the claim is left to be taken over as an abandoned one.
      await releaseClaim(ctx.db, claim).catch(() => {});
      if (error instanceof ClaimLostError) throw messageInProgress(envelope.messageId);
      throw error;
    }
  });
}

type PartnerKey = NonNullable<Awaited<ReturnType<typeof cachedKey>>>;

/** The checks of the document itself: its type, the agreement for it, its schema and its fields. */
async function checkDocument(ctx: AppContext, key: PartnerKey, envelope: Envelope): Promise<void> {
  const entry = catalogueEntry(envelope.type);
  if (!entry || entry.version !== envelope.version || entry.direction !== 'INBOUND') {
    throw rejection(
      'invalid',
      'UNKNOWN_DOCUMENT_TYPE',
      `${envelope.type} v${envelope.version} is not an inbound document of the catalogue.`,
      `${envelope.type} v${envelope.version} bukan dokumen masuk dalam katalog.`,
    );
  }
  const agreement = await cachedAgreement(ctx, key.partner_id, envelope.type, 'SEND');
  requireAgreementInForce(agreement, key.partner_code, envelope.type, (code, en, id) => rejection('forbidden', code, en, id));
  const schemaProblems = documentIssues(envelope.type, envelope.document);
  if (schemaProblems.length > 0) {
    throw rejection(
      'malformed',
      'SCHEMA_VIOLATION',
      `The document does not follow the ${envelope.type} v1 schema.`,
      `Dokumen tidak sesuai skema ${envelope.type} v1.`,
      schemaProblems,
    );
  }
  const outside = fieldsOutsidePermission(envelope.document, agreement.fields);
  if (outside.length > 0) {
    throw rejection(
      'forbidden',
      'FIELD_NOT_AGREED',
      `The agreement ${agreement.reference} does not let ${envelope.type} carry these fields.`,
      `Perjanjian ${agreement.reference} tidak mengizinkan ${envelope.type} memuat isian ini.`,
      outside.map((path) => ({
        pointer: `/document/${path.replaceAll('.', '/')}`,
        code: 'FIELD_NOT_AGREED',
        message: { en: `${path} is outside the agreed purpose.`, id: `${path} di luar tujuan yang disepakati.` },
      })),
    );
  }
}

/**
 * Applies a claimed message's document, signs the receipt, and commits the acceptance with
 * the document's deferred writes and the log entries (group commit).
 */
async function applyAndAccept(
  ctx: AppContext,
  key: PartnerKey,
  envelope: Envelope,
  claim: Claim,
  context: { requestId: string; requestHash: string; known: Known },
): Promise<Answer> {
  const applied = await applyDocument(
    ctx,
    { id: key.partner_id, code: key.partner_code, type: key.partner_type },
    envelope.type,
    envelope.document,
    envelope.messageId,
    true,
  );
  const result = { effect: applied.effect, membershipNumber: applied.membershipNumber, ...applied.detail };
  const receipt = await ctx.signingKeys.sign(
    {
      sender: lindungSender,
      requestId: context.requestId,
      requestHash: context.requestHash,
      messageId: envelope.messageId,
      documentType: envelope.type,
      partner: key.partner_code,
      outcome: 'ACCEPTED',
      result,
      issuedAt: ctx.clock.now().toISOString(),
    },
    receiptJwsType,
  );
  const answerWithStatus =
    applied.answerWithStatus && applied.membershipNumber ? await statusWanted(ctx, key.partner_id, key.endpoint_url) : false;
  const acceptance = { claim, outcome: applied.effect, membershipId: applied.membershipId, result, receipt };
  const statusAnswer = {
    topic: statusTopic,
    payload: { partnerId: key.partner_id, membershipNumber: applied.membershipNumber, inReplyTo: envelope.messageId },
  };
  // Written set-wise with those of the other messages in the same commit.
  const together = [
    setWise(acceptClaims, acceptance),
    ...(applied.together ? [applied.together] : []),
    ...(answerWithStatus ? [setWise(enqueueAll, statusAnswer)] : []),
  ];
  await appendLogGrouped(ctx, logPair(context, 'ACCEPTED', null, receipt), applied.write, together);
  return {
    ok: true,
    status: 200,
    body: {
      outcome: 'ACCEPTED',
      replayed: false,
      requestId: context.requestId,
      requestHash: context.requestHash,
      messageId: envelope.messageId,
      documentType: envelope.type,
      result,
      receipt,
    },
  };
}

/** A partner is answered with MEMBERSHIP_STATUS when it has a gateway and an agreement in force to receive it. */
async function statusWanted(ctx: AppContext, partnerId: string, endpointUrl: string | null): Promise<boolean> {
  if (!endpointUrl) return false;
  return (await cachedAgreement(ctx, partnerId, 'MEMBERSHIP_STATUS', 'RECEIVE'))?.standing === 'IN_FORCE';
}

/** The same id again: the same content gets the first receipt and changes nothing; other content is a replay. */
async function answerReplay(
  ctx: AppContext,
  earlier: EarlierMessage,
  contentHash: string,
  context: { requestId: string; requestHash: string; known: Known },
): Promise<Answer> {
  if (earlier.content_sha256 !== contentHash) {
    throw rejection(
      'conflict',
      'MESSAGE_ID_REPLAYED',
      `Message id ${context.known.messageId} was already used for other content.`,
      `Id pesan ${context.known.messageId} sudah dipakai untuk isi lain.`,
    );
  }
  if (earlier.status !== 'ACCEPTED' || !earlier.receipt) throw messageInProgress(context.known.messageId);
  await appendLogGrouped(ctx, logPair(context, 'REPLAYED', null, earlier.receipt));
  return {
    ok: true,
    status: 200,
    body: {
      outcome: 'ACCEPTED',
      replayed: true,
      requestId: context.requestId,
      requestHash: context.requestHash,
      messageId: context.known.messageId ?? '',
      documentType: earlier.document_type,
      result: earlier.result ?? {},
      receipt: earlier.receipt,
    },
  };
}
