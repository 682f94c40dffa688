import { randomUUID } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError, type ErrorKind, type FieldIssue } from '../kernel/errors.ts';
import { enqueue } from '../outbox/service.ts';
import { fieldsOutsidePermission, keyStanding } from '../partners/service.ts';
import { type Applied, applyDocument } from './apply-document.ts';
import { catalogueEntry } from './catalogue.ts';
import { cachedAgreement, cachedKey } from './credentials-cache.ts';
import { appendLogGrouped } from './log.ts';
import { clockSkew, lindungSender, maxMessageBytes, receiptJwsType, sha256Hex } from './rules.ts';
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

const importedKeys = new Map<string, Awaited<ReturnType<typeof importJWK>>>();

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
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(body.trim());
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
  let payloadBytes: Uint8Array;
  try {
    // Keyed by the key material too: a kid names one key within one database only.
    const cacheKey = `${key.kid}:${String(key.public_jwk.x)}`;
    let publicKey = importedKeys.get(cacheKey);
    if (!publicKey) {
      publicKey = await importJWK({ ...(key.public_jwk as JWK), alg: 'EdDSA' }, 'EdDSA');
      importedKeys.set(cacheKey, publicKey);
    }
    payloadBytes = (await compactVerify(body.trim(), publicKey, { algorithms: ['EdDSA'] })).payload;
  } catch {
    throw rejection(
      'unauthenticated',
      'BAD_SIGNATURE',
      'The signature does not verify with the named key.',
      'Tanda tangan tidak cocok dengan kunci yang disebutkan.',
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(payloadBytes));
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
  const earlier = await findMessage(ctx, key.partner_id, envelope.messageId);
  if (earlier) return answerReplay(ctx, earlier, contentHash, { requestId, requestHash, known });

  const entry = catalogueEntry(envelope.type);
  if (!entry || entry.version !== envelope.version || entry.direction !== 'INBOUND') {
    throw rejection(
      'invalid',
      'UNKNOWN_DOCUMENT_TYPE',
      `${envelope.type} v${envelope.version} is not an inbound document of the catalogue.`,
      `${envelope.type} v${envelope.version} bukan dokumen masuk dalam katalog.`,
    );
  }
  const agreement = await cachedAgreement(ctx, key.partner_id, envelope.type, 'SEND', ctx.clock.today());
  if (!agreement) {
    throw rejection(
      'forbidden',
      'DOCUMENT_TYPE_NOT_AGREED',
      `No agreement lets ${key.partner_code} send ${envelope.type}.`,
      `Tidak ada perjanjian yang mengizinkan ${key.partner_code} mengirim ${envelope.type}.`,
    );
  }
  if (agreement.standing !== 'IN_FORCE') {
    const codes = { EXPIRED: 'AGREEMENT_EXPIRED', SUSPENDED: 'AGREEMENT_SUSPENDED', NOT_YET_IN_FORCE: 'AGREEMENT_NOT_IN_FORCE' } as const;
    throw rejection(
      'forbidden',
      codes[agreement.standing],
      `The agreement ${agreement.reference} is ${agreement.standing.toLowerCase().replaceAll('_', ' ')}: exchanges under it are stopped.`,
      `Perjanjian ${agreement.reference} tidak berlaku (${agreement.standing}): pertukaran di bawahnya dihentikan.`,
    );
  }
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

  // Claim the message id first: a second copy arriving meanwhile meets the unique key.
  let claimId: string;
  try {
    // The claim is transient (it becomes the accepted message in the durable commit that
    // also logs the receipt), so it does not wait for the disk.
    claimId = await ctx.db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit to off`.execute(trx);
      const row = await trx
        .insertInto('exchange_messages')
        .values({
          partner_id: key.partner_id,
          message_id: envelope.messageId,
          document_type: envelope.type,
          content_sha256: contentHash,
          source: 'API',
          status: 'PROCESSING',
          outcome: null,
          membership_id: null,
          result: JSON.stringify(null),
          receipt: null,
          received_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findMessage(ctx, key.partner_id, envelope.messageId);
    if (!winner) throw error;
    return answerReplay(ctx, winner, contentHash, { requestId, requestHash, known });
  }

  let applied: Applied;
  try {
    applied = await applyDocument(
      ctx,
      { id: key.partner_id, code: key.partner_code, type: key.partner_type },
      envelope.type,
      envelope.document,
      envelope.messageId,
      true,
    );
  } catch (error) {
    await ctx.db.deleteFrom('exchange_messages').where('id', '=', claimId).execute();
    throw error;
  }
  const result = { effect: applied.effect, membershipNumber: applied.membershipNumber, ...applied.detail };
  const receipt = await ctx.signingKeys.sign(
    {
      sender: lindungSender,
      requestId,
      requestHash,
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
  await appendLogGrouped(ctx, logPair({ requestId, requestHash, known }, 'ACCEPTED', null, receipt), async (trx) => {
    if (applied.write) await applied.write(trx);
    await trx
      .updateTable('exchange_messages')
      .set({ status: 'ACCEPTED', outcome: applied.effect, membership_id: applied.membershipId, result: JSON.stringify(result), receipt })
      .where('id', '=', claimId)
      .execute();
    if (answerWithStatus) {
      await enqueue(trx, statusTopic, {
        partnerId: key.partner_id,
        membershipNumber: applied.membershipNumber,
        inReplyTo: envelope.messageId,
      });
    }
  });
  return {
    ok: true,
    status: 200,
    body: {
      outcome: 'ACCEPTED',
      replayed: false,
      requestId,
      requestHash,
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
  return (await cachedAgreement(ctx, partnerId, 'MEMBERSHIP_STATUS', 'RECEIVE', ctx.clock.today()))?.standing === 'IN_FORCE';
}

function findMessage(ctx: AppContext, partnerId: string, messageId: string) {
  return ctx.db
    .selectFrom('exchange_messages')
    .select(['id', 'content_sha256', 'status', 'receipt', 'result', 'document_type'])
    .where('partner_id', '=', partnerId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** The same id again: the same content gets the first receipt and changes nothing; other content is a replay. */
async function answerReplay(
  ctx: AppContext,
  earlier: NonNullable<Awaited<ReturnType<typeof findMessage>>>,
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
  if (earlier.status !== 'ACCEPTED' || !earlier.receipt) {
    throw rejection(
      'conflict',
      'MESSAGE_IN_PROGRESS',
      `Message ${context.known.messageId} is still being processed; ask again shortly.`,
      `Pesan ${context.known.messageId} masih diproses; coba lagi sebentar lagi.`,
    );
  }
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
