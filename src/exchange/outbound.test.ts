import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { movableClock } from '../kernel/clock.ts';
import { startOutboxWorker } from '../outbox/service.ts';
import { citizen, passportNumber } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { exchangeOutboxHandlers } from './deliver-status.ts';
import { verifyLog } from './log.ts';
import { type PartnerSimulator, startPartnerSimulator } from './simulator.ts';
import { partnerWithAgreement, post, type TestPartner } from './test-partners.ts';

// The outbox stamps messages with the database's clock: the test clock starts at the real time.
const clock = movableClock(new Date());
const quiet = { info() {}, warn() {}, error() {} };
let t: TestApp;
let simulator: PartnerSimulator;
let ministry: TestPartner;

before(async () => {
  t = await createTestApp({ clock });
  ministry = await partnerWithAgreement(t.ctx, {
    type: 'MINISTRY',
    send: ['SELF_REPORT'],
    receive: ['MEMBERSHIP_STATUS'],
    endpointUrl: 'http://127.0.0.1:9/unused',
  });
  simulator = await startPartnerSimulator({ privateJwk: ministry.key.privateJwk, lindungKeys: t.ctx.signingKeys.jwks() as never });
  await t.ctx.db.updateTable('partners').set({ endpoint_url: simulator.url }).where('code', '=', ministry.code).execute();
});
after(async () => {
  simulator.release();
  await simulator.close();
  await t.close();
});

async function reportSomeone(messageId: string) {
  const identity = citizen();
  const response = await post(
    t,
    await ministry.sign(
      'SELF_REPORT',
      {
        person: { nik: identity.nik, fullName: 'Nur Hidayah', birthDate: identity.birthDate, sex: identity.sex },
        passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-01-31' },
        country: 'HK',
        contract: { start: '2026-01-15', end: '2028-01-14' },
        consentToRegister: true,
      },
      { messageId },
    ),
  );
  assert.equal(response.statusCode, 200, response.body);
  return response.json().result.membershipNumber as string;
}

/** Catches the test clock up with the database's, which stamped the outbox rows. */
function catchUp() {
  clock.set(new Date(Math.max(Date.now(), clock.now().getTime()) + 1000));
}

async function statusMessages() {
  return t.ctx.db
    .selectFrom('outbox')
    .select(['id', 'status', 'attempts'])
    .where('topic', '=', 'exchange.membership-status')
    .orderBy('id')
    .execute();
}

describe('outbound MEMBERSHIP_STATUS', () => {
  it('answers a self-report with the member’s status, signed by Lindung and acknowledged by the partner’s signed receipt', async () => {
    const membershipNumber = await reportSomeone('LD-OUT-1');
    catchUp();
    const worker = startOutboxWorker(t.ctx, { handlers: exchangeOutboxHandlers(t.ctx), logger: quiet, pollIntervalMs: 60_000 });
    await worker.drain();
    await worker.stop();
    const delivered = simulator.received.find((m) => m.document.inReplyTo === 'LD-OUT-1');
    assert.equal(delivered?.type, 'MEMBERSHIP_STATUS');
    assert.equal(delivered?.document.membershipNumber, membershipNumber);
    assert.equal(delivered?.document.protected, false);
    const outbound = await t.ctx.db.selectFrom('exchange_log').select(['outcome', 'kind']).where('direction', '=', 'OUTBOUND').execute();
    assert.deepEqual(
      outbound.map((e) => `${e.kind}:${e.outcome}`),
      ['REQUEST:DELIVERED', 'RESPONSE:DELIVERED'],
    );
    assert.equal((await verifyLog(t.ctx)).intact, true);
  });

  it('answers each of many self-reports arriving together once, the answers written with their acceptance', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `LD-OUT-MANY-${i}`);
    const numbers = await Promise.all(ids.map((id) => reportSomeone(id)));
    const answers = await t.ctx.db
      .selectFrom('outbox')
      .select(sql<string>`payload->>'inReplyTo'`.as('inReplyTo'))
      .select(sql<string>`payload->>'membershipNumber'`.as('membershipNumber'))
      .where('topic', '=', 'exchange.membership-status')
      .where(sql<string>`payload->>'inReplyTo'`, 'in', ids)
      .execute();
    assert.deepEqual(answers.map((a) => `${a.inReplyTo}:${a.membershipNumber}`).sort(), ids.map((id, i) => `${id}:${numbers[i]}`).sort());
    // Delivered now, so that the tests below count only their own.
    catchUp();
    const worker = startOutboxWorker(t.ctx, { handlers: exchangeOutboxHandlers(t.ctx), logger: quiet, pollIntervalMs: 60_000 });
    await worker.drain();
    await worker.stop();
    for (const id of ids) assert.equal(simulator.received.filter((m) => m.document.inReplyTo === id).length, 1, id);
  });

  it('loses nothing when the worker stops in the middle of a delivery and another starts', async () => {
    await reportSomeone('LD-OUT-2');
    catchUp();
    simulator.hold();
    const leaseMs = 60_000;
    const first = startOutboxWorker(t.ctx, {
      handlers: exchangeOutboxHandlers(t.ctx),
      logger: quiet,
      pollIntervalMs: 60_000,
      leaseMs,
      batchSize: 1,
      deliveryTimeoutMs: 30_000,
    });
    // The first worker claims the message and is cut off before it hears back.
    const cut = first.drain();
    while (simulator.requests === 0 || !(await statusMessages()).some((m) => m.attempts > 0 && m.status === 'PENDING')) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const before = simulator.requests;
    assert.ok(before >= 1);
    // "Restart": the lease runs out and a new worker takes over; the partner answers again.
    clock.set(new Date(clock.now().getTime() + leaseMs + 1000));
    simulator.release();
    const second = startOutboxWorker(t.ctx, { handlers: exchangeOutboxHandlers(t.ctx), logger: quiet, pollIntervalMs: 60_000 });
    await second.drain();
    await second.stop();
    await cut.catch(() => 0);
    await first.stop();
    const messages = await statusMessages();
    assert.ok(
      messages.every((m) => m.status === 'DELIVERED'),
      JSON.stringify(messages),
    );
    assert.equal(simulator.received.filter((m) => m.document.inReplyTo === 'LD-OUT-2').length, 1);
  });

  it('retries with backoff, keeps a dead letter when the partner stays down, and delivers after a re-drive', async () => {
    await reportSomeone('LD-OUT-3');
    catchUp();
    simulator.failNext(2);
    const worker = startOutboxWorker(t.ctx, {
      handlers: exchangeOutboxHandlers(t.ctx),
      logger: quiet,
      pollIntervalMs: 60_000,
      maxAttempts: 2,
      backoff: () => 1000,
    });
    await worker.drain();
    clock.set(new Date(clock.now().getTime() + 2000));
    await worker.drain();
    assert.deepEqual((await statusMessages()).map((m) => m.status).slice(-1), ['DEAD']);
    assert.equal(simulator.received.filter((m) => m.document.inReplyTo === 'LD-OUT-3').length, 0);
    const officer = await t.signIn('SUPERVISOR');
    const dead = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/dead-letters', headers: officer });
    assert.equal(dead.json().items.length, 1, dead.body);
    assert.match(dead.json().items[0].lastError, /PARTNER_REFUSED/);
    const redriven = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/dead-letters/redrive', headers: officer, payload: {} });
    assert.equal(redriven.json().requeued, 1, redriven.body);
    catchUp();
    await worker.drain();
    await worker.stop();
    assert.ok((await statusMessages()).every((m) => m.status === 'DELIVERED'));
    assert.equal(simulator.received.filter((m) => m.document.inReplyTo === 'LD-OUT-3').length, 1);
    const failed = await t.ctx.db
      .selectFrom('exchange_log')
      .select('error_code')
      .where('direction', '=', 'OUTBOUND')
      .where('outcome', '=', 'FAILED')
      .execute();
    assert.ok(failed.length >= 2);
    assert.ok(failed.every((f) => f.error_code === 'PARTNER_REFUSED'));
  });
});
