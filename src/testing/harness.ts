import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.ts';
import type { StaffRole } from '../auth/rules.ts';
import { createUser } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { type DatabaseHandle, openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadAreaCodes } from '../identity/area-codes.ts';
import { type Clock, systemClock } from '../kernel/clock.ts';
import { readConfig } from '../kernel/config.ts';
import { generateSigningKeys } from '../signing/keys.ts';

/**
 * An empty database of its own: a new database on the server at `serverUrl` (dropped
 * again by `drop`), or an in-memory PGlite when there is no server.
 */
export async function openScratchDatabase(
  serverUrl: string | undefined,
  prefix: string,
  poolSize = 10,
): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  if (!serverUrl) return { handle: await openDatabase({ engine: 'pglite', dataDir: undefined }), drop: async () => {} };
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    handle: await openDatabase({ engine: 'postgres', url: url.toString(), poolSize }),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * database on the server named by DATABASE_URL (dropped again by `close`).
 */
export async function createTestContext(options: { clock?: Clock } = {}): Promise<AppContext & { close(): Promise<void> }> {
  const { handle, drop: dropDatabase } = await openScratchDatabase(process.env.DATABASE_URL, 'lindung_test');
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    engine: handle.engine,
    copyCsv: handle.copyCsv,
    clock: options.clock ?? systemClock,
    config: { ...readConfig({}), secureCookies: false },
    areaCodes: await loadAreaCodes(),
    signingKeys: await generateSigningKeys(),
  };
  return {
    ...ctx,
    close: async () => {
      await handle.close();
      await dropDatabase();
    },
  };
}

export interface TestApp {
  ctx: AppContext;
  app: FastifyInstance;
  /** Signs in a new account of this role and returns its bearer header. */
  signIn(role: StaffRole, partnerCode?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function createTestApp(options: { clock?: Clock } = {}): Promise<TestApp> {
  const ctx = await createTestContext(options);
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  let accounts = 0;
  return {
    ctx,
    app,
    async signIn(role, partnerCode) {
      const username = `${role.toLowerCase()}-${++accounts}`;
      const password = `password-for-${username}`;
      await createUser(ctx, { username, role, password, partnerCode });
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
      return { authorization: `Bearer ${response.json().token}` };
    },
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}
