import { type JsonWebKey, type KeyObject, sign as signHere, verify as verifyHere } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Ed25519 signing and verification on threads of their own, beside the event loop: a
 * partner message's two signature operations (its signature checked, Lindung's receipt
 * signed) are about a quarter of its CPU, and the event loop is the gateway's narrowest
 * part. The operations asked for within one turn of the event loop are shared among the
 * threads, each share sent as one message and answered as one, so the hop costs little per
 * signature; and the turn's operations are answered together, once every share is done,
 * so that the messages that reached this step together go on together (their later
 * statements are still shared: see exchange/grouped.ts).
 *
 * If a thread cannot start or dies, the operations it held run here instead: an answer is
 * never lost, only slower. After `maxDeaths` deaths no thread is started again.
 */

// Text, not buffers: a small Buffer is a view of a shared 8 KiB pool, which posting it
// would copy whole.
type Job = { keyId: number; text: string; signature?: string };
/** A base64url signature, a verification's verdict, or what went wrong. */
type Outcome = string | boolean | { error: string };

interface Pending {
  job: Job;
  key: KeyObject;
  resolve(outcome: Outcome): void;
}

/** The operations of one turn: answered together once every thread has done its share. */
class Turn {
  private readonly outcomes = new Map<Pending, Outcome>();
  constructor(private readonly jobs: Pending[]) {}
  settle(pending: Pending, outcome: Outcome): void {
    this.outcomes.set(pending, outcome);
    if (this.outcomes.size < this.jobs.length) return;
    for (const p of this.jobs) p.resolve(this.outcomes.get(p) as Outcome);
  }
}

interface Thread {
  worker: Worker;
  keysSent: Set<number>;
  inFlight: Map<number, { turn: Turn; jobs: Pending[] }>;
}

// One per core, up to four: the database server and the event loop need the cores too, but a
// thread waiting for work costs nothing.
const threadCount = Math.min(4, availableParallelism());
const maxDeaths = 3;
const keyIds = new WeakMap<KeyObject, number>();
let nextKeyId = 1;
let nextBatchId = 1;
let queued: Pending[] = [];
let flushScheduled = false;
let threads: Thread[] = [];
let deaths = 0;

function keyIdOf(key: KeyObject): number {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = nextKeyId++;
    keyIds.set(key, id);
  }
  return id;
}

function runHere(job: Job, key: KeyObject): Outcome {
  try {
    const data = Buffer.from(job.text);
    return job.signature === undefined
      ? signHere(null, data, key).toString('base64url')
      : verifyHere(null, data, key, Buffer.from(job.signature, 'base64url'));
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function startThread(): Thread | undefined {
  let worker: Worker;
  try {
    // No loader flags: the thread is plain JavaScript.
    worker = new Worker(new URL('./ed25519-worker.mjs', import.meta.url), { execArgv: [] });
  } catch {
    deaths = maxDeaths;
    return undefined;
  }
  const started: Thread = { worker, keysSent: new Set(), inFlight: new Map() };
  worker.on('message', (answer: { id: number; results: Outcome[] }) => {
    const batch = started.inFlight.get(answer.id);
    if (!batch) return;
    started.inFlight.delete(answer.id);
    if (started.inFlight.size === 0) worker.unref();
    for (const [i, pending] of batch.jobs.entries()) batch.turn.settle(pending, answer.results[i] as Outcome);
  });
  const ended = () => {
    if (threads.includes(started)) {
      threads = threads.filter((t) => t !== started);
      deaths += 1;
    }
    for (const batch of started.inFlight.values())
      for (const pending of batch.jobs) batch.turn.settle(pending, runHere(pending.job, pending.key));
    started.inFlight.clear();
  };
  worker.on('error', ended);
  worker.on('exit', ended);
  // Only work in flight keeps the process alive. (After the listeners: adding a 'message'
  // listener refs the thread's port again.)
  worker.unref();
  return started;
}

/** A key as a JWK, or null for one that has no JWK form (its operations then fail on the thread). */
function jwkOf(key: KeyObject): JsonWebKey | null {
  try {
    return key.export({ format: 'jwk' });
  } catch {
    return null;
  }
}

function send(thread: Thread, turn: Turn, jobs: Pending[]): void {
  // Each key crosses once per thread, as a JWK: the thread makes its own key object, and
  // no native object is shared between threads.
  const keys: [number, 'public' | 'private', JsonWebKey | null][] = [];
  for (const { job, key } of jobs) {
    if (!thread.keysSent.has(job.keyId)) {
      thread.keysSent.add(job.keyId);
      keys.push([job.keyId, key.type === 'private' ? 'private' : 'public', jwkOf(key)]);
    }
  }
  const id = nextBatchId++;
  if (thread.inFlight.size === 0) thread.worker.ref();
  thread.inFlight.set(id, { turn, jobs });
  thread.worker.postMessage({ id, keys, jobs: jobs.map((p) => p.job) });
}

function flush(): void {
  flushScheduled = false;
  const jobs = queued;
  queued = [];
  while (threads.length < threadCount && deaths < maxDeaths) {
    const started = startThread();
    if (!started) break;
    threads.push(started);
  }
  if (threads.length === 0) {
    for (const pending of jobs) pending.resolve(runHere(pending.job, pending.key));
    return;
  }
  const turn = new Turn(jobs);
  // The least busy threads first.
  const ordered = [...threads].sort((a, b) => a.inFlight.size - b.inFlight.size);
  const share = Math.ceil(jobs.length / ordered.length);
  for (const [i, thread] of ordered.entries()) {
    const part = jobs.slice(i * share, (i + 1) * share);
    if (part.length > 0) send(thread, turn, part);
  }
}

function submit(key: KeyObject, text: string, signature?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const job: Job = signature === undefined ? { keyId: keyIdOf(key), text } : { keyId: keyIdOf(key), text, signature };
    queued.push({ job, key, resolve });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
}

function unwrap<T extends Outcome>(outcome: Outcome): T {
  if (typeof outcome === 'object' && outcome !== null && 'error' in outcome) throw new Error(outcome.error);
  return outcome as T;
}

/** The Ed25519 signature (base64url) of a text's UTF-8 bytes with a private key. */
export async function ed25519Sign(privateKey: KeyObject, text: string): Promise<string> {
  return unwrap<string>(await submit(privateKey, text));
}

/** Whether a base64url signature is the Ed25519 signature of a text's UTF-8 bytes by a public key's holder. */
export async function ed25519Verify(publicKey: KeyObject, text: string, signature: string): Promise<boolean> {
  return unwrap<boolean>(await submit(publicKey, text, signature));
}

/**
 * Ends the threads as a crash would (tests): their operations in flight are then done
 * here, and the next operation starts new ones. (At shutdown nothing need be ended: an idle
 * thread does not keep the process alive.)
 */
export async function crashEd25519Threads(): Promise<void> {
  await Promise.all(threads.map((t) => t.worker.terminate()));
}

/** How many signing threads run now (none before the first operation, nor after too many deaths). */
export function ed25519ThreadsRunning(): number {
  return threads.length;
}
