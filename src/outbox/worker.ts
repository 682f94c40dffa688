import type { AppContext } from '../context.ts';
import { defaultBackoff, describeFailure, handlerFor, malformedHandlerKeys } from './rules.ts';
import * as store from './store.ts';

export { type DeadLetter, listDeadLetters, outboxStats, redriveDeadLetters } from './dead-letters.ts';

/** One message as a handler receives it. */
export interface OutboxMessage {
  id: number;
  topic: string;
  payload: unknown;
  /** Which attempt this is: 1 on the first delivery. */
  attempts: number;
}

/**
 * Handlers by topic (`member.registered`) or by pattern (`notification.*`); the most
 * specific key wins. A handler succeeds by resolving and fails by throwing.
 *
 * Delivery is at least once: a message whose worker stopped or crashed mid-delivery is
 * delivered again once its lease runs out, and a handler may also succeed after its time
 * limit was reached. Handlers must therefore be idempotent — `id` is a stable key for that
 * (e.g. an idempotency key sent to a partner or an SMS gateway).
 */
export type OutboxHandlers = Record<string, (message: OutboxMessage) => Promise<void>>;

/** The part of a pino logger the worker uses. */
export interface OutboxLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

export interface OutboxWorkerOptions {
  handlers: OutboxHandlers;
  logger: OutboxLogger;
  /** Wait between polls that found less than a full batch. Default 1 s. */
  pollIntervalMs?: number;
  /** Messages claimed per poll. Default 10. */
  batchSize?: number;
  /** Attempts before a message becomes a dead letter. Default 8. */
  maxAttempts?: number;
  /** Delay before the next attempt after `attempt` failed. Default 1 s, 2 s, 4 s … up to 1 h, ±20 %. */
  backoff?: (attempt: number) => number;
  /** How long a claimed message is reserved for its worker. Default 5 minutes. */
  leaseMs?: number;
  /** A handler still running after this long counts as failed. Default 20 s. */
  deliveryTimeoutMs?: number;
}

export interface OutboxWorker {
  /** Stops polling and resolves once the poll under way, if any, has finished. */
  stop(): Promise<void>;
  /** Polls until nothing is due; resolves with the number of delivery attempts made. */
  drain(): Promise<number>;
}

/**
 * Delivers the outbox: every `pollIntervalMs` it claims the due messages, hands each to its
 * handler and records the outcome.
 *
 * A claim is its own short transaction (it moves the messages' `next_attempt_at` a lease
 * ahead and counts the attempt); handlers run after it has committed, outside any
 * transaction, and each outcome is a second short statement. Holding the claim's
 * transaction open during delivery would, on the embedded database (one connection behind
 * a mutex), stop every other query for as long as the slowest handler. The price is
 * at-least-once delivery: if the process dies between claim and outcome, the message is
 * delivered again when its lease expires.
 */
export function startOutboxWorker(ctx: Pick<AppContext, 'db' | 'clock'>, options: OutboxWorkerOptions): OutboxWorker {
  const {
    handlers,
    logger,
    pollIntervalMs = 1000,
    batchSize = 10,
    maxAttempts = 8,
    backoff = defaultBackoff,
    leaseMs = 5 * 60_000,
    deliveryTimeoutMs = 20_000,
  } = options;
  const malformed = malformedHandlerKeys(handlers);
  if (malformed.length > 0) throw new Error(`outbox handler keys must be a topic or 'prefix.*': ${malformed.join(', ')}`);
  // Messages of a batch are delivered one after another, all under the one lease.
  if (batchSize * deliveryTimeoutMs >= leaseMs) {
    throw new Error(`the outbox lease (${leaseMs} ms) must outlast a whole batch (${batchSize} × ${deliveryTimeoutMs} ms)`);
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Polls of one worker never overlap: each waits for the one before it.
  let lastPoll: Promise<number> = Promise.resolve(0);

  function poll(): Promise<number> {
    const next = lastPoll.then(() => (stopped ? 0 : pollOnce()));
    lastPoll = next.catch(() => 0);
    return next;
  }

  async function pollOnce(): Promise<number> {
    const now = ctx.clock.now();
    const claimed = await store.claimDue(ctx.db, { now, leaseUntil: new Date(now.getTime() + leaseMs), limit: batchSize });
    for (const message of claimed) await deliver(message);
    return claimed.length;
  }

  async function deliver(message: OutboxMessage): Promise<void> {
    if (message.attempts > maxAttempts) {
      // Its earlier claims never completed: whatever it does stops the worker each time.
      await settleFailure(message, `gave up after ${maxAttempts} deliveries that never completed (the worker stopped or crashed)`);
      return;
    }
    const handler = handlerFor(handlers, message.topic);
    try {
      if (!handler) throw new Error(`no handler for topic ${message.topic}`);
      await withTimeout(handler(message), deliveryTimeoutMs);
    } catch (error) {
      await settleFailure(message, describeFailure(error));
      return;
    }
    await store.markDelivered(ctx.db, message.id, ctx.clock.now());
  }

  async function settleFailure(message: OutboxMessage, reason: string): Promise<void> {
    const details = { outboxId: message.id, topic: message.topic, attempt: message.attempts, reason };
    if (message.attempts >= maxAttempts) {
      await store.markFailed(ctx.db, { id: message.id, attempts: message.attempts, error: reason, retryAt: null });
      logger.error(details, 'outbox message moved to the dead letters');
      return;
    }
    const retryAt = new Date(ctx.clock.now().getTime() + backoff(message.attempts));
    await store.markFailed(ctx.db, { id: message.id, attempts: message.attempts, error: reason, retryAt });
    logger.warn({ ...details, retryAt }, 'outbox delivery failed; will retry');
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      let claimed = 0;
      try {
        claimed = await poll();
      } catch (error) {
        // The database may be restarting; the next poll tries again.
        logger.error({ err: error }, 'outbox poll failed');
      }
      // A full batch suggests more is waiting: go on at once.
      schedule(claimed === batchSize ? 0 : pollIntervalMs);
    }, delayMs);
    // The worker alone must not keep the process running.
    timer.unref();
  }

  logger.info({ pollIntervalMs, batchSize, maxAttempts, topics: Object.keys(handlers) }, 'outbox worker started');
  schedule(pollIntervalMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await lastPoll;
    },
    async drain() {
      let attempted = 0;
      for (;;) {
        const claimed = await poll();
        if (claimed === 0) return attempted;
        attempted += claimed;
      }
    },
  };
}

/** Rejects when `work` takes longer than `ms`; `work` itself cannot be cancelled and is left to finish. */
async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler did not finish within ${ms} ms`)), ms);
  });
  // A handler that fails after its time is up must not become an unhandled rejection.
  work.catch(() => {});
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
