import { scrubIdentifiers } from '../kernel/log.ts';

/**
 * The handler for a topic: an exact key wins over a pattern, and a longer pattern over a
 * shorter one (`notification.sms.*` before `notification.*`). A pattern is a key ending in `.*`;
 * it matches any topic that starts with what comes before the `*`.
 */
export function handlerFor<H>(handlers: Readonly<Record<string, H>>, topic: string): H | undefined {
  if (Object.hasOwn(handlers, topic)) return handlers[topic];
  let best: { prefixLength: number; handler: H } | undefined;
  for (const [key, handler] of Object.entries(handlers)) {
    if (!key.endsWith('.*')) continue;
    const prefix = key.slice(0, -1);
    if (topic.startsWith(prefix) && (!best || prefix.length > best.prefixLength)) best = { prefixLength: prefix.length, handler };
  }
  return best?.handler;
}

/** Keys that are neither a topic nor a `prefix.*` pattern: a typo that would send nothing anywhere. */
export function malformedHandlerKeys(handlers: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(handlers).filter((key) => {
    const topicOrPrefix = key.replace(/\.\*$/, '');
    return topicOrPrefix === '' || topicOrPrefix.includes('*');
  });
}

export const defaultBackoff = exponentialBackoff();

/**
 * Delay before the next attempt: 1 s, 2 s, 4 s … doubling per attempt up to the cap (1 h),
 * then spread by ±20 % so that messages that failed together do not all retry together.
 * `attempt` counts from 1 (the attempt that just failed).
 */
export function exponentialBackoff(
  options: { firstDelayMs?: number; capMs?: number; jitter?: number; random?: () => number } = {},
): (attempt: number) => number {
  const { firstDelayMs = 1000, capMs = 3_600_000, jitter = 0.2, random = Math.random } = options;
  return (attempt) => {
    const doublings = Math.max(0, attempt - 1);
    // 2^40 s is far beyond any cap; stopping there keeps the arithmetic finite.
    const delay = Math.min(firstDelayMs * 2 ** Math.min(doublings, 40), capMs);
    return Math.round(delay * (1 - jitter + 2 * jitter * random()));
  };
}

export const lastErrorMaxLength = 1000;

/** What is kept of a failure in `last_error`: its message, without national ids, at most 1000 characters. */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return scrubIdentifiers(text).slice(0, lastErrorMaxLength);
}
