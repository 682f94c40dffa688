// A server for the benchmark, in its own process so that the load generator does not
// share its event loop. `bare` is a Fastify route with nothing behind it (the baseline);
// `lindung` is the real app on a fresh database, with an officer's token ready.
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createUser, login } from '../src/auth/service.ts';
import type { AppContext } from '../src/context.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAreaCodes } from '../src/identity/area-codes.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { readConfig } from '../src/kernel/config.ts';
import { createPartner } from '../src/partners/service.ts';
import { generateSigningKeys } from '../src/signing/keys.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';

const [kind, databaseUrl] = process.argv.slice(2);

async function main(): Promise<void> {
  if (kind === 'bare') {
    const app = Fastify({ logger: false });
    app.get('/bare', async () => ({ status: 'ok' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    announce({ port: (app.server.address() as { port: number }).port });
    return;
  }
  if (kind === 'bare-db') {
    // The floor of any route that asks PostgreSQL something: one indexed select through
    // a plain pg pool, nothing else.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
    const app = Fastify({ logger: false });
    app.get('/bare-db', async () => {
      const { rows } = await pool.query('select oid from pg_class where relname = $1', ['pg_class']);
      return { status: 'ok', oid: rows[0]?.oid };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    announce({ port: (app.server.address() as { port: number }).port });
    return;
  }
  const { handle, drop: dropDatabase } = await openScratchDatabase(databaseUrl, 'lindung_bench', 20);
  await migrateToLatest(handle.db);
  const ctx: AppContext = {
    db: handle.db,
    engine: handle.engine,
    copyCsv: handle.copyCsv,
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
