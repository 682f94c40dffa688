import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './database.ts';
import { Mutex, PGliteDialect } from './pglite-driver.ts';
import { withPreparedStatements } from './prepared-pool.ts';

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** Bulk load: `COPY table (columns) FROM` CSV text, outside any transaction. */
  copyCsv: CopyCsv;
  close(): Promise<void>;
}

export type CopyCsv = (table: string, columns: readonly string[], csv: string) => Promise<void>;

function copyStatement(table: string, columns: readonly string[], from: string): string {
  const identifier = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain identifier: ${name}`);
    return name;
  };
  return `copy ${identifier(table)} (${columns.map(identifier).join(', ')}) from ${from} with (format csv)`;
}

export type OpenOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined means in memory (tests). */
  | { engine: 'pglite'; dataDir: string | undefined };

// Both engines return the same JavaScript types: int8 as a number (rupiah and counts stay
// far below 2^53; a larger value is an error, not a silent rounding), numeric as a string,
// date as 'YYYY-MM-DD' (a business date has no time zone).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

export function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return parsed;
}

const identity = (value: string) => value;

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: string) => {
          if (oid === INT8) return parseInt8;
          if (oid === NUMERIC || oid === DATE) return identity;
          return pg.types.getTypeParser(oid, format as 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server drops (restart, failover) is discarded by the pool and
    // replaced on the next query; without a listener its error would crash the process.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL dropped an idle connection: ${error.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
    const copyCsv: CopyCsv = async (table, columns, csv) => {
      const client = await pool.connect();
      try {
        await pipeline(Readable.from([csv]), client.query(copyFrom(copyStatement(table, columns, 'stdin'))));
      } finally {
        client.release();
      }
    };
    return { db, engine: 'postgres', copyCsv, close: () => db.destroy() };
  }

  if (options.dataDir) await fs.mkdir(options.dataDir, { recursive: true });
  // Options go in the first argument: with a data folder of undefined, PGlite would
  // silently ignore a second one.
  const client = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    parsers: { [INT8]: parseInt8, [NUMERIC]: identity, [DATE]: identity },
  });
  await client.waitReady;
  const mutex = new Mutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client, mutex) });
  const copyCsv: CopyCsv = (table, columns, csv) =>
    mutex.runExclusive(async () => {
      await client.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
    });
  return { db, engine: 'pglite', copyCsv, close: () => db.destroy() };
}

/** True when a database error is a unique-constraint violation (both engines). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  if (e?.code !== '23505') return false;
  return constraint === undefined || e.constraint === constraint;
}
