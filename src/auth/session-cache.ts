import type { Principal } from './rules.ts';

/**
 * Recently verified sessions, so that a busy client does not cost a database round trip
 * per request. An entry lives a few seconds and never past the session's own expiry; a
 * logout in this process removes it at once. A session revoked by another process (or a
 * disabled account) stops working here within `ttlMs`.
 */
export class SessionCache {
  readonly #entries = new Map<string, { principal: Principal; until: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  get(tokenHash: string, now: number): Principal | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.#entries.delete(tokenHash);
      return undefined;
    }
    return entry.principal;
  }

  set(tokenHash: string, principal: Principal, now: number, sessionExpiresAt: number): void {
    if (this.#entries.size >= this.#maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(tokenHash, { principal, until: Math.min(now + this.#ttlMs, sessionExpiresAt) });
  }

  delete(tokenHash: string): void {
    this.#entries.delete(tokenHash);
  }
}
