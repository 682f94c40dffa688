import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import pino from 'pino';
import { loggerOptions } from '../kernel/log.ts';
import { logNotificationChannel, maskPhone, type NotificationChannel, notificationHandlers } from './notifications.ts';
import type { OutboxMessage } from './worker.ts';

/** A pino logger configured as the server's, whose lines the test reads back. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino(loggerOptions('info'), stream), lines };
}

async function deliver(topic: string, payload: Record<string, unknown>) {
  const { logger, lines } = capturingLogger();
  const handler = logNotificationChannel(logger)['notification.*']!;
  await handler({ id: 7, topic, payload, attempts: 1 });
  await new Promise((resolve) => setImmediate(resolve));
  return lines;
}

describe('logNotificationChannel', () => {
  it('writes one line per notification with its topic, template and membership number', async () => {
    const lines = await deliver('notification.member', { template: 'REGISTERED', membershipNumber: '10000000018' });

    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.topic, 'notification.member');
    assert.equal(lines[0]!.template, 'REGISTERED');
    assert.equal(lines[0]!.membershipNumber, '10000000018');
  });

  it('writes the sign-in code, so that a member can sign in from the development log', async () => {
    const lines = await deliver('notification.sign-in-code', { membershipNumber: '10000000018', code: '042917', expiresInMinutes: 10 });

    assert.equal(lines[0]!.code, '042917');
  });

  it('masks the phone number except its last three digits', async () => {
    const lines = await deliver('notification.sign-in-code', { membershipNumber: '10000000018', phone: '+6281234567890', code: '042917' });

    assert.equal(lines[0]!.phone, '+**********890');
  });

  it('never writes a NIK, passport number, e-mail or address from the payload', async () => {
    const lines = await deliver('notification.member', {
      template: 'CONTACT_UPDATED',
      membershipNumber: '10000000018',
      nik: '3204051234567890',
      passportNumber: 'C1234567',
      email: 'siti@example.id',
      address: 'Jl. Merdeka 1',
    });

    const written = JSON.stringify(lines);
    for (const secret of ['3204051234567890', 'C1234567', 'siti@example.id', 'Merdeka']) assert.ok(!written.includes(secret), secret);
  });

  it('writes no code for notifications other than the sign-in code', async () => {
    const lines = await deliver('notification.member', { template: 'REGISTERED', code: 'not-a-sign-in-code' });

    assert.equal(lines[0]!.code, undefined);
  });
});

describe('notificationHandlers', () => {
  it('hands every notification.* message to the channel it is given', async () => {
    const sent: OutboxMessage[] = [];
    const channel: NotificationChannel = { send: async (message) => void sent.push(message) };
    const message = { id: 3, topic: 'notification.member', payload: { template: 'CLOSED' }, attempts: 1 };

    await notificationHandlers(channel)['notification.*']!(message);

    assert.deepEqual(sent, [message]);
  });
});

describe('maskPhone', () => {
  it('keeps the separators and the last three digits', () => {
    assert.equal(maskPhone('0812-3456-7890'), '****-****-*890');
  });
});
