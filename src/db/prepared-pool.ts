import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Wraps a pg pool so that parameterized queries run as named prepared statements:
 * PostgreSQL parses and plans each distinct statement once per connection instead of on
 * every request. Kysely compiles the same SQL text for the same query shape, so the set
 * of texts is small; past `maxStatements` distinct texts (e.g. IN lists of many lengths)
 * queries run unnamed, so the server's per-connection cache stays bounded.
 */
export function withPreparedStatements(pool: pg.Pool, maxStatements = 500): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxStatements) {
      name = `k${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<never>;
      return {
        query: (text: unknown, values?: unknown[]) => {
          const name = typeof text === 'string' && values && values.length > 0 ? nameOf(text) : undefined;
          return name ? query({ text, values, name }) : query(text, values);
        },
        release: () => client.release(),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
