import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, compactVerify, createLocalJWKSet, createRemoteJWKSet, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import { receiptJwsType, sha256Hex } from './rules.ts';

/**
 * A partner's gateway as a small HTTP server, for tests and demonstrations: it verifies
 * Lindung's signature, keeps each message id once, and answers with a receipt signed by
 * its own key that echoes the message id and the request's hash.
 */
export interface PartnerSimulator {
  url: string;
  /** Messages received, first copy of each id only. */
  received: Array<{ messageId: string; type: string; document: Record<string, unknown> }>;
  /** Every request, repeats included. */
  requests: number;
  /** Answer the next `n` requests with 503 (an outage). */
  failNext(n: number): void;
  /** Hold answers until `release()` (a slow partner, or a delivery cut by a restart). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startPartnerSimulator(options: {
  privateJwk: JWK;
  /** Lindung's public keys: a JWKS, or the URL of /.well-known/jwks.json. */
  lindungKeys: JSONWebKeySet | string;
  port?: number;
  host?: string;
}): Promise<PartnerSimulator> {
  const keys =
    typeof options.lindungKeys === 'string' ? createRemoteJWKSet(new URL(options.lindungKeys)) : createLocalJWKSet(options.lindungKeys);
  const signingKey = await importJWK({ ...options.privateJwk, alg: 'EdDSA' }, 'EdDSA');
  const seen = new Set<string>();
  let failures = 0;
  let held: Array<() => void> | null = null;
  const state: PartnerSimulator = {
    url: '',
    received: [],
    requests: 0,
    failNext: (n) => {
      failures = n;
    },
    hold: () => {
      held = [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const go of waiting) go();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    state.requests += 1;
    if (held) await new Promise<void>((resolve) => held?.push(resolve));
    const answer = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (failures > 0) {
      failures -= 1;
      answer(503, { error: 'temporarily unavailable' });
      return;
    }
    let envelope: { messageId: string; type: string; document: Record<string, unknown> };
    try {
      const { payload } = await compactVerify(body, keys);
      envelope = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      answer(401, { error: 'the signature does not verify with Lindung’s keys' });
      return;
    }
    // A repeat (a retry after a lost answer) has no second effect; its receipt still
    // echoes this request's hash, since each retry is signed afresh.
    const duplicate = seen.has(envelope.messageId);
    if (!duplicate) {
      seen.add(envelope.messageId);
      state.received.push({ messageId: envelope.messageId, type: envelope.type, document: envelope.document });
    }
    const receipt = await new CompactSign(
      new TextEncoder().encode(
        JSON.stringify({
          messageId: envelope.messageId,
          requestHash: sha256Hex(body),
          outcome: 'RECEIVED',
          duplicate,
          receivedAt: new Date().toISOString(),
        }),
      ),
    )
      .setProtectedHeader({ alg: 'EdDSA', kid: options.privateJwk.kid as string, typ: receiptJwsType })
      .sign(signingKey);
    answer(200, { receipt });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  state.url = `http://${address.address}:${address.port}/messages`;
  return state;
}
