import type { OutboxHandlers, OutboxLogger, OutboxMessage } from './worker.ts';

/**
 * Where notifications to members go: an SMS gateway, WhatsApp, e-mail — or, by default,
 * the server log. `message.id` stays the same when a message is delivered twice, so a
 * channel can pass it to its provider as an idempotency key.
 */
export interface NotificationChannel {
  send(message: OutboxMessage): Promise<void>;
}

/** The outbox handlers that hand every `notification.*` message to `channel`. */
export function notificationHandlers(channel: NotificationChannel): OutboxHandlers {
  return { 'notification.*': (message) => channel.send(message) };
}

/**
 * The default channel: one structured info line per notification. It writes only what
 * identifies the notification — never a NIK, passport number, e-mail or address, and the
 * phone number masked. A sign-in code is written as it is, so that in development a member
 * can sign in by reading the server log; a deployment that must not show it configures a
 * real channel.
 */
export function logChannel(logger: Pick<OutboxLogger, 'info'>): NotificationChannel {
  return {
    async send(message) {
      const payload = isRecord(message.payload) ? message.payload : {};
      const line: Record<string, unknown> = {
        outboxId: message.id,
        topic: message.topic,
        template: textOrNull(payload.template),
        membershipNumber: textOrNull(payload.membershipNumber),
      };
      if (typeof payload.phone === 'string') line.phone = maskPhone(payload.phone);
      if (message.topic === 'notification.sign-in-code') {
        line.code = textOrNull(payload.code);
        line.expiresInMinutes = payload.expiresInMinutes;
      }
      logger.info(line, 'notification');
    },
  };
}

/** The handlers of the default channel, ready for `startOutboxWorker`. */
export function logNotificationChannel(logger: Pick<OutboxLogger, 'info'>): OutboxHandlers {
  return notificationHandlers(logChannel(logger));
}

/** Every digit but the last three hidden: `+6281234567890` → `+**********890`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  let seen = 0;
  return phone.replace(/\d/g, (digit) => (++seen > digits - 3 ? digit : '*'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
