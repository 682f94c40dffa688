import { randomUUID } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { joseMediaType, messageJwsType } from './rules.ts';

// The reference partner client: what a partner needs to take part — a key pair, a signed
// message, and a way to send it. Our tests and the simulator use the same code.

export interface PartnerKeyPair {
  privateJwk: JWK;
  publicJwk: JWK;
  kid: string;
}

/** A new Ed25519 key pair; the kid is the key's thumbprint unless one is given. */
export async function generatePartnerKey(kid?: string): Promise<PartnerKeyPair> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string };
  const id = kid ?? (await calculateJwkThumbprint(publicJwk));
  return { privateJwk: { ...jwk, kid: id }, publicJwk: { ...publicJwk, kid: id }, kid: id };
}

export interface MessageDraft {
  type: string;
  sender: string;
  document: Record<string, unknown>;
  messageId?: string | undefined;
  sentAt?: Date | undefined;
  version?: number | undefined;
}

const importedPrivateKeys = new WeakMap<JWK, Awaited<ReturnType<typeof importJWK>>>();

/** Signs a document in its envelope as a compact JWS (EdDSA, kid of the key). */
export async function signMessage(privateJwk: JWK, draft: MessageDraft): Promise<string> {
  if (!privateJwk.kid) throw new Error('the private key needs a kid');
  let key = importedPrivateKeys.get(privateJwk);
  if (!key) {
    key = await importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA');
    importedPrivateKeys.set(privateJwk, key);
  }
  const envelope = {
    type: draft.type,
    version: draft.version ?? 1,
    sender: draft.sender,
    messageId: draft.messageId ?? randomUUID(),
    sentAt: (draft.sentAt ?? new Date()).toISOString(),
    document: draft.document,
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(envelope)))
    .setProtectedHeader({ alg: 'EdDSA', kid: privateJwk.kid, typ: messageJwsType })
    .sign(key);
}

/** Posts a signed message to a Lindung gateway; answers with the status and the JSON body. */
export async function sendMessage(baseUrl: string, jws: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL('/api/v1/exchange/messages', baseUrl), {
    method: 'POST',
    headers: { 'content-type': joseMediaType, accept: 'application/json' },
    body: jws,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
