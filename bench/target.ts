// A server for the benchmark, in its own process so that the load generator does not
// share its event loop. `bare` is a Fastify route with nothing behind it (the baseline);
// `lindung` is the real app on a fresh database, with an officer's token ready.
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createUser, login } from '../src/auth/service.ts';
import type { AppContext } from '../src/context.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAreaCodes } from '../src/identity/area-codes.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { readConfig } from '../src/kernel/config.ts';
import { createPartner } from '../src/partners/service.ts';
import { generateSigningKeys } from '../src/signing/keys.ts';

const [kind, databaseUrl] = process.argv.slice(2);

async function main(): Promise<void> {
  if (kind === 'bare') {
    const app = Fastify({ logger: false });
    app.get('/bare', async () => ({ status: 'ok' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    announce({ port: (app.server.address() as { port: number }).port });
    return;
  }
  let dropDatabase = async () => {};
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  if (databaseUrl) {
    const name = `lindung_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    handle = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 20 });
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    handle = await openDatabase({ engine: 'pglite', dataDir: undefined });
  }
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    engine: handle.engine,
    clock: systemClock,
    config: readConfig({}),
    areaCodes: await loadAreaCodes(),
    signingKeys: await generateSigningKeys(),
  };
  await createPartner(ctx, { code: 'KJRI-HONGKONG', name: 'KJRI Hong Kong', type: 'EMBASSY', country: 'HK' });
  await createUser(ctx, { username: 'bench-officer', role: 'OFFICER', password: 'bench-officer-password' });
  const session = await login(ctx, 'bench-officer', 'bench-officer-password');
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce({ port: (app.server.address() as { port: number }).port, token: session.token });
  process.on('SIGTERM', async () => {
    await app.close();
    await handle.close();
    await dropDatabase();
    process.exit(0);
  });
}

function announce(ready: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ready })}\n`);
}

await main();
