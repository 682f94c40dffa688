import { hash } from 'node:crypto';

/** How far a message's `sentAt` may stray from Lindung's clock, either way. */
export const maxClockSkewSeconds = 300;
/** The largest signed message accepted through the API. */
export const maxMessageBytes = 256 * 1024;
/** The media type of a compact JWS (RFC 7515). */
export const joseMediaType = 'application/jose';
export const messageJwsType = 'lindung-exchange+jws';
export const receiptJwsType = 'lindung-receipt+jws';
export const lindungSender = 'LINDUNG';

export const logDirections = ['INBOUND', 'OUTBOUND'] as const;
export type LogDirection = (typeof logDirections)[number];
export type LogKind = 'REQUEST' | 'RESPONSE';

type AgreementStanding = 'IN_FORCE' | 'EXPIRED' | 'SUSPENDED' | 'NOT_YET_IN_FORCE';

/**
 * Refuses, with `refusal`'s error, a document type no agreement lets the partner send now
 * (none, or none in force): the same refusal for a message and for a file.
 */
export function requireAgreementInForce<A extends { standing: AgreementStanding; reference: string }>(
  agreement: A | undefined,
  partnerCode: string,
  documentType: string,
  refusal: (code: string, en: string, id: string) => Error,
): asserts agreement is A {
  if (!agreement) {
    throw refusal(
      'DOCUMENT_TYPE_NOT_AGREED',
      `No agreement lets ${partnerCode} send ${documentType}.`,
      `Tidak ada perjanjian yang mengizinkan ${partnerCode} mengirim ${documentType}.`,
    );
  }
  if (agreement.standing === 'IN_FORCE') return;
  const codes = { EXPIRED: 'AGREEMENT_EXPIRED', SUSPENDED: 'AGREEMENT_SUSPENDED', NOT_YET_IN_FORCE: 'AGREEMENT_NOT_IN_FORCE' } as const;
  throw refusal(
    codes[agreement.standing],
    `The agreement ${agreement.reference} is ${agreement.standing.toLowerCase().replaceAll('_', ' ')}: exchanges under it are stopped.`,
    `Perjanjian ${agreement.reference} tidak berlaku (${agreement.standing}): pertukaran di bawahnya dihentikan.`,
  );
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot (no Hash object): every message hashes its body, payload, receipt and log entries.
  return hash('sha256', data, 'hex');
}

/** The first entry of the log points at this. */
export const genesisHash = '0'.repeat(64);

export interface LogEntryFields {
  seq: number;
  loggedAt: string;
  direction: LogDirection;
  kind: LogKind;
  partnerCode: string | null;
  messageId: string | null;
  documentType: string | null;
  requestId: string;
  outcome: string;
  errorCode: string | null;
  contentSha256: string;
}

/** An entry's hash covers its fields and the hash before it: change or drop one entry and every later hash breaks. */
export function entryHash(previousHash: string, e: LogEntryFields): string {
  return sha256Hex(
    `${previousHash}\n${JSON.stringify([
      e.seq,
      e.loggedAt,
      e.direction,
      e.kind,
      e.partnerCode,
      e.messageId,
      e.documentType,
      e.requestId,
      e.outcome,
      e.errorCode,
      e.contentSha256,
    ])}`,
  );
}

export type SkewVerdict = 'FRESH' | 'STALE' | 'FUTURE';

export function clockSkew(sentAt: Date, now: Date): SkewVerdict {
  const seconds = (sentAt.getTime() - now.getTime()) / 1000;
  if (seconds > maxClockSkewSeconds) return 'FUTURE';
  if (seconds < -maxClockSkewSeconds) return 'STALE';
  return 'FRESH';
}

/** A CSV cell that says yes or no. */
export function readConsent(value: string | null | undefined): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'ya'].includes(v)) return true;
  if (['false', 'no', 'n', '0', 'tidak', ''].includes(v)) return false;
  return undefined;
}
