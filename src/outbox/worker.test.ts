import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../context.ts';
import { businessDate, type Clock } from '../kernel/clock.ts';
import { createTestContext } from '../testing/harness.ts';
import { enqueue, listDeadLetters, outboxStats, redriveDeadLetters } from './service.ts';
import * as store from './store.ts';
import { type OutboxHandlers, type OutboxMessage, type OutboxWorker, type OutboxWorkerOptions, startOutboxWorker } from './worker.ts';

/** A clock the test moves by hand. */
interface MovableClock extends Clock {
  advance(ms: number): void;
  reset(): void;
}

function movableClock(): MovableClock {
  let at = 0;
  const clock: MovableClock = {
    now: () => new Date(at),
    today: () => businessDate(new Date(at)),
    advance: (ms) => {
      at += ms;
    },
    // A minute ahead of the database's now(), which stamps the messages `enqueue` writes:
    // they are due as soon as the test enqueues them.
    reset: () => {
      at = Date.now() + 60_000;
    },
  };
  clock.reset();
  return clock;
}

function recordingLogger() {
  const lines: Array<{ level: string; details: object; message?: string }> = [];
  const record = (level: string) => (details: object, message?: string) => lines.push({ level, details, message });
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

const clock = movableClock();
let ctx: AppContext & { close(): Promise<void> };
let running: OutboxWorker[] = [];

before(async () => {
  ctx = await createTestContext({ clock });
});
after(async () => {
  await ctx.close();
});
beforeEach(async () => {
  clock.reset();
  await ctx.db.deleteFrom('outbox').execute();
});
afterEach(async () => {
  await Promise.all(running.map((worker) => worker.stop()));
  running = [];
});

/** A worker whose timer never fires within a test: tests poll with `drain()`. */
function startWorker(handlers: OutboxHandlers, options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  const worker = startOutboxWorker(ctx, { handlers, logger: recordingLogger(), pollIntervalMs: 3_600_000, ...options });
  running.push(worker);
  return worker;
}

async function enqueueOne(topic: string, payload: Record<string, unknown> = {}): Promise<number> {
  await enqueue(ctx.db, topic, payload);
  const row = await ctx.db.selectFrom('outbox').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return Number(row.id);
}

function rowOf(id: number) {
  return ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const succeed = async () => {};
const fail = async () => {
  throw new Error('partner unreachable');
};

describe('startOutboxWorker', () => {
  it('hands a due message to the handler of its topic and marks it delivered', async () => {
    const received: OutboxMessage[] = [];
    const id = await enqueueOne('member.registered', { membershipNumber: '10000000018' });
    const worker = startWorker({ 'member.registered': async (message) => void received.push(message) });

    assert.equal(await worker.drain(), 1);

    assert.deepEqual(received, [{ id, topic: 'member.registered', payload: { membershipNumber: '10000000018' }, attempts: 1 }]);
    const row = await rowOf(id);
    assert.equal(row.status, 'DELIVERED');
    assert.deepEqual(row.delivered_at, clock.now());
  });

  it('prefers the handler of the exact topic to a pattern that also matches', async () => {
    const calls: string[] = [];
    await enqueueOne('notification.sign-in-code');
    const worker = startWorker({
      'notification.*': async () => void calls.push('pattern'),
      'notification.sign-in-code': async () => void calls.push('exact'),
    });

    await worker.drain();

    assert.deepEqual(calls, ['exact']);
  });

  it('retries a failing handler after delays that double each time, stored with the error', async () => {
    const id = await enqueueOne('partner.message');
    const worker = startWorker({ 'partner.message': fail });

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      assert.equal(await worker.drain(), 1);
      const row = await rowOf(id);
      assert.equal(row.status, 'PENDING');
      assert.equal(row.attempts, attempt);
      assert.equal(row.last_error, 'partner unreachable');
      const delay = row.next_attempt_at.getTime() - clock.now().getTime();
      const expected = 1000 * 2 ** (attempt - 1);
      assert.ok(delay >= expected * 0.8 && delay <= expected * 1.2, `attempt ${attempt}: ${delay} ms`);
      delays.push(delay);
      assert.equal(await worker.drain(), 0, 'not due before its delay');
      clock.advance(delay);
    }
    assert.deepEqual(
      delays,
      [...delays].sort((a, b) => a - b),
    );
  });

  it('moves a message whose handler keeps failing to the dead letters after maxAttempts', async () => {
    let calls = 0;
    const id = await enqueueOne('partner.message');
    const logger = recordingLogger();
    const worker = startWorker(
      {
        'partner.message': async () => {
          calls++;
          throw new Error('partner unreachable');
        },
      },
      { maxAttempts: 3, backoff: () => 0, logger },
    );

    assert.equal(await worker.drain(), 3);

    const row = await rowOf(id);
    assert.equal(row.status, 'DEAD');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, 'partner unreachable');
    assert.equal(calls, 3);
    assert.equal(logger.lines.filter((line) => line.level === 'error').length, 1);
  });

  it('makes a message without a handler a dead letter that names its topic', async () => {
    const id = await enqueueOne('partner.unknown');
    const worker = startWorker({ 'notification.*': succeed }, { maxAttempts: 2, backoff: () => 0 });

    await worker.drain();

    const row = await rowOf(id);
    assert.equal(row.status, 'DEAD');
    assert.equal(row.last_error, 'no handler for topic partner.unknown');
  });

  it('counts a handler that outlives its time limit as a failed attempt', async () => {
    const id = await enqueueOne('partner.message');
    const worker = startWorker({ 'partner.message': () => new Promise(() => {}) }, { deliveryTimeoutMs: 20, batchSize: 1, leaseMs: 1000 });

    await worker.drain();

    const row = await rowOf(id);
    assert.equal(row.status, 'PENDING');
    assert.equal(row.last_error, 'handler did not finish within 20 ms');
  });

  it('never delivers a message enqueued in a transaction that rolled back', async () => {
    const received: OutboxMessage[] = [];
    await assert.rejects(
      ctx.db.transaction().execute(async (trx) => {
        await enqueue(trx, 'member.registered', { membershipNumber: '10000000018' });
        throw new Error('the registration failed after the message was written');
      }),
    );
    const worker = startWorker({ 'member.registered': async (message) => void received.push(message) });

    assert.equal(await worker.drain(), 0);

    assert.deepEqual(received, []);
    assert.deepEqual(await outboxStats(ctx), { pending: 0, delivered: 0, dead: 0 });
  });

  it('delivers again, once its lease has expired, a message whose worker crashed after claiming it', async () => {
    const received: OutboxMessage[] = [];
    const id = await enqueueOne('member.registered');
    const leaseMs = 5 * 60_000;
    // The crashed worker: it claimed the message and never reported back.
    await store.claimDue(ctx.db, { now: clock.now(), leaseUntil: new Date(clock.now().getTime() + leaseMs), limit: 10 });
    const worker = startWorker({ 'member.registered': async (message) => void received.push(message) }, { leaseMs });

    assert.equal(await worker.drain(), 0, 'still leased to the crashed worker');
    clock.advance(leaseMs);
    assert.equal(await worker.drain(), 1);

    assert.deepEqual(
      received.map((message) => [message.id, message.attempts]),
      [[id, 2]],
    );
    assert.equal((await rowOf(id)).status, 'DELIVERED');
  });

  it('gives up on a message whose deliveries never complete, after maxAttempts claims', async () => {
    const id = await enqueueOne('member.registered');
    for (let claim = 1; claim <= 3; claim++) {
      await store.claimDue(ctx.db, { now: clock.now(), leaseUntil: clock.now(), limit: 10 });
    }
    const worker = startWorker({ 'member.registered': succeed }, { maxAttempts: 3 });

    await worker.drain();

    const row = await rowOf(id);
    assert.equal(row.status, 'DEAD');
    assert.match(row.last_error ?? '', /never completed/);
  });

  it('does not let a worker whose lease expired overwrite the outcome of the newer claim', async () => {
    const id = await enqueueOne('member.registered');
    const [first] = await store.claimDue(ctx.db, { now: clock.now(), leaseUntil: clock.now(), limit: 1 });
    await store.claimDue(ctx.db, { now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), limit: 1 });

    await store.markFailed(ctx.db, { id, attempts: first!.attempts, error: 'late news', retryAt: clock.now() });

    const row = await rowOf(id);
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
  });

  it('delivers each message exactly once when two workers poll at the same time', async () => {
    const deliveries = new Map<number, number>();
    const handlers: OutboxHandlers = {
      'member.*': async (message) => {
        await nextTurn();
        deliveries.set(message.id, (deliveries.get(message.id) ?? 0) + 1);
      },
    };
    for (let i = 0; i < 60; i++) await enqueue(ctx.db, 'member.registered', { i });
    const first = startWorker(handlers, { batchSize: 5 });
    const second = startWorker(handlers, { batchSize: 5 });

    const [byFirst, bySecond] = await Promise.all([first.drain(), second.drain()]);

    assert.equal(byFirst + bySecond, 60);
    assert.equal(deliveries.size, 60);
    assert.ok([...deliveries.values()].every((count) => count === 1));
    assert.deepEqual(await outboxStats(ctx), { pending: 0, delivered: 60, dead: 0 });
  });

  it('polls by itself every pollIntervalMs', async () => {
    const id = await enqueueOne('member.registered');
    startWorker({ 'member.registered': succeed }, { pollIntervalMs: 10 });

    for (let waited = 0; (await rowOf(id)).status !== 'DELIVERED'; waited += 10) {
      assert.ok(waited < 5000, 'delivered within 5 s');
      await sleep(10);
    }
  });

  it('waits in stop() for the delivery under way to finish', async () => {
    let release = () => {};
    let entered = () => {};
    const handlerEntered = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const id = await enqueueOne('member.registered');
    const worker = startWorker({
      'member.registered': () =>
        new Promise<void>((resolve) => {
          release = resolve;
          entered();
        }),
    });
    const draining = worker.drain();
    await handlerEntered;

    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await sleep(20);
    assert.equal(stopped, false);
    release();
    await stopping;

    assert.equal((await rowOf(id)).status, 'DELIVERED');
    assert.equal(await draining, 1);
  });

  it('refuses handler keys that are neither a topic nor a prefix pattern', () => {
    assert.throws(() => startWorker({ 'notification*': succeed }), /notification\*/);
  });
});

describe('redriveDeadLetters', () => {
  async function deadLetter(topic: string): Promise<number> {
    const id = await enqueueOne(topic);
    await startWorker({}, { maxAttempts: 1 }).drain();
    assert.equal((await rowOf(id)).status, 'DEAD');
    return id;
  }

  it('puts dead letters back in line with their attempts reset, and they are then delivered', async () => {
    const id = await deadLetter('member.registered');

    assert.equal(await redriveDeadLetters(ctx), 1);
    const row = await rowOf(id);
    assert.equal(row.status, 'PENDING');
    assert.equal(row.attempts, 0);
    assert.deepEqual(row.next_attempt_at, clock.now());

    assert.equal(await startWorker({ 'member.registered': succeed }).drain(), 1);
    assert.equal((await rowOf(id)).status, 'DELIVERED');
  });

  it('redrives only the dead letters of the topic asked for', async () => {
    const registered = await deadLetter('member.registered');
    const closed = await deadLetter('member.closed');

    assert.equal(await redriveDeadLetters(ctx, { topic: 'member.closed' }), 1);

    assert.equal((await rowOf(registered)).status, 'DEAD');
    assert.equal((await rowOf(closed)).status, 'PENDING');
  });

  it('redrives nothing when given an empty list of ids', async () => {
    await deadLetter('member.registered');

    assert.equal(await redriveDeadLetters(ctx, { ids: [] }), 0);
  });

  it('leaves messages that are not dead as they are', async () => {
    const id = await enqueueOne('member.registered');

    assert.equal(await redriveDeadLetters(ctx, { ids: [id] }), 0);
  });
});

describe('listDeadLetters', () => {
  it('lists dead letters oldest first, a page at a time, with why they died', async () => {
    for (const topic of ['a.one', 'a.two', 'a.three']) await enqueueOne(topic);
    await startWorker({}, { maxAttempts: 1 }).drain();

    const first = await listDeadLetters(ctx, { limit: 2 });
    const second = await listDeadLetters(ctx, { limit: 2, afterId: first.nextCursor! });

    assert.deepEqual(
      first.items.map((item) => item.topic),
      ['a.one', 'a.two'],
    );
    assert.deepEqual(
      second.items.map((item) => [item.topic, item.lastError]),
      [['a.three', 'no handler for topic a.three']],
    );
    assert.equal(second.nextCursor, null);
  });
});

describe('outboxStats', () => {
  it('counts pending, delivered and dead messages', async () => {
    await enqueueOne('member.registered');
    await enqueueOne('partner.unknown');
    await startWorker({ 'member.*': succeed }, { maxAttempts: 1 }).drain();
    await enqueueOne('member.registered');

    assert.deepEqual(await outboxStats(ctx), { pending: 1, delivered: 1, dead: 1 });
  });
});
