import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { crashEd25519Threads, ed25519Sign, ed25519ThreadsRunning, ed25519Verify } from './ed25519.ts';

const signer = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const text = (i: number) => `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify({ messageId: `M-${i}`, umur: i })).toString('base64url')}`;
const signedHere = (i: number) => sign(null, Buffer.from(text(i)), signer.privateKey).toString('base64url');

describe('Ed25519 on the signing threads', () => {
  it('signs a text as node’s crypto does, on a thread', async () => {
    const signature = await ed25519Sign(signer.privateKey, text(1));
    // Ed25519 signatures are deterministic: the thread's is the one signed here.
    assert.equal(signature, signedHere(1));
    assert.ok(verify(null, Buffer.from(text(1)), signer.publicKey, Buffer.from(signature, 'base64url')));
    assert.ok(ed25519ThreadsRunning() > 0);
  });

  it('holds a signature for its text and key only', async () => {
    const signature = signedHere(2);
    assert.equal(await ed25519Verify(signer.publicKey, text(2), signature), true);
    assert.equal(await ed25519Verify(signer.publicKey, text(3), signature), false);
    assert.equal(await ed25519Verify(stranger.publicKey, text(2), signature), false);
    const tampered = Buffer.from(signature, 'base64url');
    tampered[5] = (tampered[5] as number) ^ 1;
    assert.equal(await ed25519Verify(signer.publicKey, text(2), tampered.toString('base64url')), false);
  });

  it('answers every operation of a busy turn with its own result', async () => {
    const verdicts = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 3 === 0
          ? ed25519Sign(signer.privateKey, text(i))
          : ed25519Verify(i % 3 === 1 ? signer.publicKey : stranger.publicKey, text(i), signedHere(i)),
      ),
    );
    for (const [i, verdict] of verdicts.entries()) {
      assert.deepEqual(verdict, i % 3 === 0 ? signedHere(i) : i % 3 === 1, `operation ${i}`);
    }
  });

  it('reports a key that cannot do the operation as an error, not as a verdict', async () => {
    const exchangeKey = generateKeyPairSync('x25519');
    await assert.rejects(ed25519Verify(exchangeKey.publicKey, text(4), signedHere(4)));
    await assert.rejects(ed25519Sign(signer.publicKey, text(4)));
    // A key with no JWK form cannot cross to a thread: an error too, and nothing thrown elsewhere.
    const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 });
    await assert.rejects(ed25519Verify(dsa.publicKey, text(4), signedHere(4)));
    // The thread goes on serving.
    assert.equal(await ed25519Verify(signer.publicKey, text(4), signedHere(4)), true);
  });

  it('loses no answer when its threads die with operations in flight, and starts new ones', async () => {
    const answers = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0 ? ed25519Sign(signer.privateKey, text(i)) : ed25519Verify(signer.publicKey, text(i), signedHere(i)),
    );
    // The turn's operations have been posted to the threads: end them now, as a crash would.
    await nextTurn();
    await crashEd25519Threads();
    const results = await Promise.all(answers);
    for (const [i, result] of results.entries()) assert.deepEqual(result, i % 2 === 0 ? signedHere(i) : true, `operation ${i}`);
    assert.equal(await ed25519Verify(signer.publicKey, text(7), signedHere(7)), true);
    assert.ok(ed25519ThreadsRunning() > 0);
  });
});
