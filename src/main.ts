import { parseArgs } from 'node:util';
import pino from 'pino';
import { buildApp } from './app.ts';
import { createUser } from './auth/service.ts';
import type { AppContext } from './context.ts';
import { runProtectionChecks } from './contributions/protection-run.ts';
import { openDatabase } from './db/connection.ts';
import { acquireDataDirLock, type DataDirLock } from './db/lock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoAccounts, isDatabaseEmpty, seedDemo } from './demo/seed.ts';
import { exchangeCommand, importCommand, partnerCommand } from './exchange/cli.ts';
import { exchangeOutboxHandlers } from './exchange/service.ts';
import { linkCommand } from './harmonization/link-command.ts';
import { loadAreaCodes } from './identity/area-codes.ts';
import { systemClock } from './kernel/clock.ts';
import { type Config, readConfig } from './kernel/config.ts';
import { DomainError } from './kernel/errors.ts';
import { loggerOptions } from './kernel/log.ts';
import { logNotificationChannel } from './outbox/notifications.ts';
import { outboxStats, redriveDeadLetters, startOutboxWorker } from './outbox/worker.ts';
import { loadSigningKeys } from './signing/keys.ts';

const usage = `Lindung — social-security protection for migrant, informal and foreign workers.

Usage: lindung <command> [options]

Commands:
  serve                   migrate, load demo data into an empty embedded database, serve the API and web app
  migrate                 run pending database migrations
  seed-demo [--members N] load synthetic demo data (embedded database, or LINDUNG_DEMO=1)
  user add --username U --role R [--partner CODE] [--name NAME] --password-stdin
                          create a staff account (roles: OFFICER, SUPERVISOR, PARTNER_USER, AUDITOR, ADMINISTRATOR)
  contributions check     send reminders of protection ending soon and lapse memberships past their grace
  outbox stats            pending, delivered and dead messages
  outbox redrive [--topic T]
                          send dead letters again
  link --left A.csv --left-id COL [--right B.csv --right-id COL] --out links.csv
                          link two CSV files of people (or find duplicates in one), without the database
  import --partner CODE --type T [--rejected-report F] FILE
                          import a partner's bulk file (CSV or XLSX), with a progress bar; resumable
  exchange verify-log     check the partner message log's hash chain
  partner keygen | sign | send
                          reference partner client: Ed25519 key, signed documents, sending them
  help                    this text

Environment:
  DATABASE_URL            PostgreSQL server; without it the embedded database in LINDUNG_DATA_DIR is used
  LINDUNG_DATA_DIR        embedded database, signing key and lock file (default ./data)
  PORT, HOST              where to serve (default localhost:8080)
  LINDUNG_DEMO=1          load demo data on a PostgreSQL server too
  LINDUNG_SIGNING_KEY     Lindung's Ed25519 private key as a JWK (default: generated into the data folder)
  LOG_LEVEL               pino level (default info)
`;

/** The CLI entry. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve();
      case 'migrate':
        return await withContext(async () => 0);
      case 'seed-demo':
        return await seedDemoCommand(rest);
      case 'user':
        return await userCommand(rest);
      case 'outbox':
        return await outboxCommand(rest);
      case 'contributions':
        return await contributionsCommand(rest);
      case 'import':
        return await withContext(({ ctx }) => importCommand(ctx, rest));
      case 'exchange':
        return await withContext(({ ctx }) => exchangeCommand(ctx, rest));
      case 'partner':
        return await partnerCommand(rest);
      case 'link':
        return await linkCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(usage);
        return 0;
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`lindung ${command}: ${describe(error)}\n`);
    return 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof DomainError) {
    return [error.title.en, ...error.issues.map((i) => `  ${i.pointer || '(body)'}: ${i.message.en}`)].join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}

interface Running {
  ctx: AppContext;
  config: Config;
  close(): Promise<void>;
}

/** Opens the database (locking the embedded one), migrates, and loads keys and area codes. */
async function openContext(): Promise<Running> {
  const config = readConfig();
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl) lock = await acquireDataDirLock(config.dataDir);
  try {
    const handle = config.databaseUrl
      ? await openDatabase({ engine: 'postgres', url: config.databaseUrl })
      : await openDatabase({ engine: 'pglite', dataDir: config.dataDir });
    await migrateToLatest(handle.db);
    const ctx: AppContext = {
      db: handle.db,
      engine: handle.engine,
      copyCsv: handle.copyCsv,
      clock: systemClock,
      config,
      areaCodes: await loadAreaCodes(),
      signingKeys: await loadSigningKeys({ configuredKey: config.signingKey, dataDir: config.dataDir }),
    };
    return {
      ctx,
      config,
      close: async () => {
        await handle.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

async function withContext(run: (running: Running) => Promise<number>): Promise<number> {
  const running = await openContext();
  try {
    return await run(running);
  } finally {
    await running.close();
  }
}

function demoAllowed(running: Running): boolean {
  return running.ctx.engine === 'pglite' || running.config.demo;
}

async function serve(): Promise<number> {
  const running = await openContext();
  const { ctx, config } = running;
  const logger = pino(loggerOptions(config.logLevel));
  if (demoAllowed(running) && (await isDatabaseEmpty(ctx))) {
    logger.info('empty database: loading demo data (synthetic people only)');
    const seeded = await seedDemo(ctx, { members: config.demoMembers });
    logger.info({ members: seeded.members, partners: seeded.partners }, 'demo data loaded');
  }
  const worker = startOutboxWorker(ctx, { handlers: { ...logNotificationChannel(logger), ...exchangeOutboxHandlers(ctx) }, logger });
  // Reminders and lapses: idempotent, so an hourly run is as good as a daily one.
  const checkProtection = () =>
    runProtectionChecks(ctx).then(
      (result) => logger.info(result, 'protection check'),
      (error: unknown) => logger.error({ err: error }, 'protection check failed'),
    );
  await checkProtection();
  const protectionTimer = setInterval(checkProtection, 3_600_000);
  protectionTimer.unref();
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    `Lindung is serving on http://${config.host}:${config.port} (${ctx.engine === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`,
  );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  clearInterval(protectionTimer);
  await app.close();
  await worker.stop();
  await running.close();
  return 0;
}

async function seedDemoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { members: { type: 'string' } } });
  const members = values.members === undefined ? undefined : Number(values.members);
  if (members !== undefined && (!Number.isInteger(members) || members < 0)) throw new Error('--members must be a whole number.');
  return withContext(async (running) => {
    if (!demoAllowed(running)) {
      throw new Error('Demo data goes only into the embedded database, or into a server with LINDUNG_DEMO=1.');
    }
    const result = await seedDemo(running.ctx, {
      members: members ?? running.config.demoMembers,
      onProgress: (done, total) => process.stderr.write(`\rregistering demo members: ${done}/${total}`),
    });
    process.stderr.write('\n');
    process.stdout.write(`Loaded ${result.members} members and ${result.partners} partners. Demo accounts:\n`);
    for (const account of demoAccounts) {
      process.stdout.write(
        `  ${account.username.padEnd(16)} ${account.password.padEnd(24)} ${account.role}${account.partnerCode ? ` (${account.partnerCode})` : ''}\n`,
      );
    }
    return 0;
  });
}

async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') throw new Error('Usage: lindung user add --username U --role R [--partner CODE] --password-stdin');
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      partner: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  if (!values.username || !values.role) throw new Error('--username and --role are required.');
  if (!values['password-stdin']) throw new Error('Give the password on standard input with --password-stdin (never on the command line).');
  const password = (await readStdin()).replace(/\r?\n$/, '');
  return withContext(async ({ ctx }) => {
    const user = await createUser(ctx, {
      username: values.username as string,
      role: (values.role as string).toUpperCase(),
      password,
      partnerCode: values.partner,
      displayName: values.name,
    });
    process.stdout.write(`Created ${user.role} account ${user.username}.\n`);
    return 0;
  });
}

async function outboxCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { topic: { type: 'string' } } });
  return withContext(async ({ ctx }) => {
    if (sub === 'stats') {
      const stats = await outboxStats(ctx);
      process.stdout.write(`pending ${stats.pending}, delivered ${stats.delivered}, dead ${stats.dead}\n`);
      return 0;
    }
    if (sub === 'redrive') {
      const count = await redriveDeadLetters(ctx, values.topic ? { topic: values.topic } : {});
      process.stdout.write(`${count} dead letters queued again.\n`);
      return 0;
    }
    throw new Error('Usage: lindung outbox stats | lindung outbox redrive [--topic T]');
  });
}

async function contributionsCommand(args: string[]): Promise<number> {
  if (args[0] !== 'check') throw new Error('Usage: lindung contributions check');
  return withContext(async ({ ctx }) => {
    const result = await runProtectionChecks(ctx);
    process.stdout.write(`${result.reminded} reminders queued, ${result.lapsed} memberships lapsed.\n`);
    return 0;
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
