import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { ed25519Sign } from './ed25519.ts';

/**
 * Lindung's own Ed25519 key: it signs receipts, membership cards and partner answers.
 * Its public half is served at /.well-known/jwks.json.
 */
export interface SigningKeys {
  kid: string;
  /** JSON Web Key Set with the public key(s) only. */
  jwks(): { keys: JWK[] };
  /** Signs a JSON payload as a compact JWS (EdDSA). */
  sign(payload: Record<string, unknown>, type?: string): Promise<string>;
}

const keyFileName = 'signing-key.jwk.json';

/** Uses `LINDUNG_SIGNING_KEY` when given, else the key in the data folder, generated at first start. */
export async function loadSigningKeys(options: { configuredKey: string | undefined; dataDir: string }): Promise<SigningKeys> {
  const privateJwk = options.configuredKey ? parseJwk(options.configuredKey) : await readOrCreateKeyFile(options.dataDir);
  return signingKeysFrom(privateJwk);
}

/** An ephemeral key (tests). */
export async function generateSigningKeys(): Promise<SigningKeys> {
  return signingKeysFrom(await newPrivateJwk());
}

async function signingKeysFrom(privateJwk: JWK): Promise<SigningKeys> {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d) {
    throw new Error('The signing key must be an Ed25519 private key in JWK form (kty OKP, crv Ed25519, with d).');
  }
  const { d: _private, ...publicJwk } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  // Signed with node's crypto on the signing threads (`ed25519.ts`; a compact JWS is three
  // base64url parts): jose's signing goes through WebCrypto's job queue, which costs more
  // than the signature itself, and a receipt is signed for every partner message. Every
  // receipt is checked with jose in the tests.
  const key = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
  const headers = new Map<string, string>();
  const headerOf = (type: string): string => {
    let header = headers.get(type);
    if (header === undefined) {
      header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid, typ: type })).toString('base64url');
      headers.set(type, header);
    }
    return header;
  };
  const published: JWK = { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' };
  return {
    kid,
    jwks: () => ({ keys: [published] }),
    sign: async (payload, type = 'JWT') => {
      const signingInput = `${headerOf(type)}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
      return `${signingInput}.${await ed25519Sign(key, signingInput)}`;
    },
  };
}

async function readOrCreateKeyFile(dataDir: string): Promise<JWK> {
  const file = path.join(dataDir, keyFileName);
  try {
    return parseJwk(await fs.readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true });
  const jwk = await newPrivateJwk();
  try {
    // 'wx' fails if another process created the key in the meantime; then use theirs.
    await fs.writeFile(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseJwk(await fs.readFile(file, 'utf8'));
    throw error;
  }
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const { d: _private, ...publicJwk } = jwk;
  return { ...jwk, kid: await calculateJwkThumbprint(publicJwk) };
}

function parseJwk(text: string): JWK {
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new Error('The signing key is not valid JSON (expected an Ed25519 private JWK).');
  }
}
