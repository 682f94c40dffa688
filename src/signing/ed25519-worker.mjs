// The thread behind ed25519.ts: it signs and verifies the batches the main thread sends,
// with node's crypto, and answers each batch with one message. Plain JavaScript, so that it
// starts without the TypeScript loader.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { parentPort } from 'node:worker_threads';

/** Keys by the id the main thread gave them: each is sent once per thread, as a JWK. */
const keys = new Map();

function run(job) {
  const key = keys.get(job.keyId);
  const data = Buffer.from(job.text);
  return job.signature === undefined
    ? sign(null, data, key).toString('base64url')
    : verify(null, data, key, Buffer.from(job.signature, 'base64url'));
}

parentPort.on('message', (batch) => {
  for (const [id, type, jwk] of batch.keys) {
    // A key that could not be sent (null) or made is left unknown: its operations answer with an error.
    if (jwk === null) continue;
    try {
      keys.set(id, type === 'private' ? createPrivateKey({ key: jwk, format: 'jwk' }) : createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {}
  }
  const results = batch.jobs.map((job) => {
    try {
      return run(job);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  parentPort.postMessage({ id: batch.id, results });
});
