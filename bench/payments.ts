// `npm run bench` (second part): posting a channel statement of N payments and deriving
// coverage, on PostgreSQL and on the embedded database, each beside two baselines measured
// in the same run: a raw COPY of the same rows, and a floor under any posting (each row's
// bill looked up and one payment row written with the payments table's indexes); then the
// coverage query's latency with N members.
//
//   BENCH_PAYMENTS          N on both engines (default 1,000,000)
//   BENCH_PAYMENTS_PGLITE   N on PGlite only (default: BENCH_PAYMENTS, at most 250,000)
//   BENCH_PAYMENTS_TIMEOUT  seconds one engine may take before it is stopped (default 480)
//   BENCH_DATABASE_URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
//
// Each engine runs in a child process of its own, so that one engine's memory (PGlite's
// heap) does not weigh on the other, and a crash is reported instead of ending the run.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { sql } from 'kysely';
import type { AppContext } from '../src/context.ts';
import { coverageOn } from '../src/contributions/coverage.ts';
import { importStatement } from '../src/contributions/import-statement.ts';
import { listStatementLines } from '../src/contributions/list-statement-lines.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAreaCodes } from '../src/identity/area-codes.ts';
import { businessDate, systemClock } from '../src/kernel/clock.ts';
import { readConfig } from '../src/kernel/config.ts';
import { generateSigningKeys } from '../src/signing/keys.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';
import { aimLine, aims } from './aims.ts';
import {
  addDays,
  billAmount,
  channelCode,
  coverageFromOf,
  generateMembers,
  membershipNumberOf,
  random,
  statementCsv,
} from './payments-data.ts';
import { QueryTimer } from './payments-timing.ts';
import { postgresReachable, postgresUrl } from './postgres.ts';

const defaultN = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
// PGlite keeps the whole database in this process's memory and runs on one thread: a
// million members took 13 GB and nearly ten minutes on its own on a 2-core machine
// (250,000: 3.5 GB, under two minutes), so it posts at most 250,000 unless told otherwise.
const pgliteN = Number(process.env.BENCH_PAYMENTS_PGLITE ?? Math.min(defaultN, 250_000));
const coverageQueries = 2_000;
/** Seconds one engine may take, generation and checks included, before it is stopped and reported. */
const timeoutSeconds = Number(process.env.BENCH_PAYMENTS_TIMEOUT ?? 480);

type Engine = 'postgres' | 'pglite';

interface EngineResult {
  engine: Engine;
  n: number;
  generateSeconds: Record<string, number>;
  postSeconds: number;
  postCpuSeconds: number;
  phases: Array<{ phase: string; seconds: number }>;
  rawCopySeconds: number;
  oneRowSeconds: number;
  summary: Record<string, number>;
  checks: Record<string, number>;
  latency: Record<string, { median: number; p99: number; max: number }>;
  totalSeconds: number;
}

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runEngine(engine: Engine, n: number): Promise<EngineResult> {
  const started = performance.now();
  const { handle, drop } = await openScratchDatabase(engine === 'postgres' ? postgresUrl : undefined, 'lindung_bench_pay', 4);
  // Stopped by the parent's time limit: drop the scratch database (with force, which ends
  // the statement still running in it) before going.
  process.once('SIGTERM', () => {
    drop().finally(() => process.exit(1));
  });
  try {
    await migrateToLatest(handle.db);
    const timer = new QueryTimer();
    let copySeconds = 0;
    const ctx: AppContext = {
      db: handle.db.withPlugin(timer),
      engine: handle.engine,
      copyCsv: async (table, columns, csv) => {
        const at = performance.now();
        await handle.copyCsv(table, columns, csv);
        copySeconds += (performance.now() - at) / 1000;
      },
      clock: systemClock,
      config: readConfig({}),
      areaCodes: await loadAreaCodes(),
      signingKeys: await generateSigningKeys(),
    };

    log(`${engine}: generating ${n.toLocaleString('en')} members and open bills set-wise`);
    const generateSeconds = await generateMembers(handle.db, n);
    log(`${engine}: generated in ${sum(Object.values(generateSeconds)).toFixed(1)} s ${JSON.stringify(round(generateSeconds))}`);

    const statementDate = businessDate(new Date(Date.now() - 86_400_000));
    const { csv, body } = statementCsv(n, statementDate);
    log(`${engine}: statement of ${(csv.length / 1e6).toFixed(1)} MB; posting with importStatement`);

    timer.reset();
    const postStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    const report = await importStatement(ctx, { channelCode, statementDate, csv }, 'bench');
    const postSeconds = (performance.now() - postStarted) / 1000;
    // The process's CPU time: PGlite's share of the posting, which other processes on a busy
    // machine do not inflate as they do the elapsed time (PostgreSQL's runs in the server).
    const postCpu = process.cpuUsage(cpuBefore);
    const postCpuSeconds = (postCpu.user + postCpu.system) / 1e6;
    const queried = timer.timings.map((t) => ({ phase: t.label, seconds: t.ms / 1000 }));
    const phases = [
      { phase: 'COPY into statement_staging', seconds: copySeconds },
      ...queried.filter((q) => q.seconds >= 0.05),
      {
        phase: 'in JavaScript (sha256, csv-parse, checks, staging CSV) and small queries',
        seconds: postSeconds - copySeconds - sum(queried.filter((q) => q.seconds >= 0.05).map((q) => q.seconds)),
      },
    ];
    log(
      `${engine}: posted in ${postSeconds.toFixed(1)} s (${Math.round(n / postSeconds).toLocaleString('en')} payments/s), ` +
        `${postCpuSeconds.toFixed(1)} s of this process's CPU`,
    );

    const checks = await verify(ctx, n);
    if (report.summary.POSTED !== n) throw new Error(`${engine}: ${report.summary.POSTED} rows POSTED, expected ${n}`);
    // The reconciliation report an officer pages through, from its middle.
    const page = await listStatementLines(ctx, report.importId, { cursor: Math.floor(n / 2), limit: 500 });
    if (page.items.length !== Math.min(500, n - Math.floor(n / 2) + 1) || page.items.some((l) => l.outcome !== 'POSTED')) {
      throw new Error(`${engine}: the statement's lines read wrong: ${JSON.stringify(page.items.slice(0, 2))}`);
    }

    await sql`create table bench_raw_copy (reference text not null, bill_number text not null, amount bigint not null, paid_at timestamptz not null)`.execute(
      handle.db,
    );
    const rawStarted = performance.now();
    await handle.copyCsv('bench_raw_copy', ['reference', 'bill_number', 'amount', 'paid_at'], body);
    const rawCopySeconds = (performance.now() - rawStarted) / 1000;
    log(`${engine}: raw COPY in ${rawCopySeconds.toFixed(2)} s (${Math.round(n / rawCopySeconds).toLocaleString('en')} rows/s)`);
    // A floor under any posting: each row's bill found by its number and one payment row
    // written into a table with the payments table's columns and indexes (nothing else: no
    // bill paid, no allocation, no coverage, no activation, no reference checks).
    await sql`create table bench_one_row_per_payment (like payments including defaults including indexes)`.execute(handle.db);
    const floorStarted = performance.now();
    await sql`
      insert into bench_one_row_per_payment (channel_code, channel_reference, bill_id, amount, paid_at, received_at, source, outcome, recorded_by)
      select ${channelCode}, r.reference, b.id, r.amount, r.paid_at, now(), 'STATEMENT', 'ALLOCATED', 'bench'
      from bench_raw_copy r join bills b on b.bill_number = r.bill_number
    `.execute(handle.db);
    const oneRowSeconds = (performance.now() - floorStarted) / 1000;
    log(
      `${engine}: one indexed row per payment in ${oneRowSeconds.toFixed(2)} s (${Math.round(n / oneRowSeconds).toLocaleString('en')} rows/s)`,
    );

    // Autovacuum would have analysed the new rows by the time members ask.
    await sql`analyze coverage_periods, payments, bills, memberships`.execute(handle.db);
    const latency = await measureCoverage(ctx, n);
    log(`${engine}: coverage latency ${JSON.stringify(latency)}`);

    return {
      engine,
      n,
      generateSeconds,
      postSeconds,
      postCpuSeconds,
      phases,
      rawCopySeconds,
      oneRowSeconds,
      summary: report.summary,
      checks,
      latency,
      totalSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await handle.close();
    await drop();
  }
}

/** After posting: every bill paid in full, its allocation and two coverage periods written. */
async function verify(ctx: AppContext, n: number): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    select
      (select count(*)::int from payments) as payments,
      (select count(*)::int from bills where status = 'PAID' and paid_amount = amount) as bills_paid,
      (select count(*)::int from coverage_periods) as coverage_periods,
      (select coalesce(sum(amount), 0)::bigint from payment_allocations) as allocated,
      (select count(*)::int from memberships where status = 'ACTIVE') as members_active,
      (select count(*)::int from statement_lines) as lines_not_posted,
      (select count(*)::int from statement_staging) as lines_staged,
      (select count(*)::int from outbox where topic = 'notification.member') as notifications,
      (select count(*)::int from member_events where type = 'membership.activated') as activation_events
  `.execute(ctx.db);
  const checks = rows[0] as Record<string, number>;
  const expected: Record<string, number> = {
    payments: n,
    bills_paid: n,
    coverage_periods: 2 * n,
    allocated: n * billAmount,
    members_active: n,
    // Posted lines are read from their staged rows; statement_lines holds the others.
    lines_not_posted: 0,
    lines_staged: n,
    notifications: n,
    activation_events: n,
  };
  const wrong = Object.keys(expected).filter((k) => Number(checks[k]) !== expected[k]);
  log(`checks: ${JSON.stringify(checks)}`);
  if (wrong.length > 0) {
    throw new Error(`posting is wrong: ${wrong.map((k) => `${k} = ${checks[k]}, expected ${expected[k]}`).join('; ')}`);
  }
  return checks;
}

/** `coverageOn` as the API calls it, for random members, one after another. */
async function measureCoverage(ctx: AppContext, n: number) {
  const next = random(42);
  const cases = {
    'inside coverage (PAID_PERIOD)': { offset: 100, expect: 'PAID_PERIOD' },
    'after coverage (PERIOD_ENDED)': { offset: 800, expect: 'PERIOD_ENDED' },
    'before coverage (NO_PAID_PERIOD)': { offset: -1, expect: 'NO_PAID_PERIOD' },
  } as const;
  const result: Record<string, { median: number; p99: number; max: number }> = {};
  for (const [name, { offset, expect }] of Object.entries(cases)) {
    const ask = async () => {
      const g = 1 + Math.floor(next() * n);
      const at = performance.now();
      const answer = await coverageOn(ctx, membershipNumberOf(g), { program: 'JKK', date: addDays(coverageFromOf(g), offset) }, undefined);
      const ms = performance.now() - at;
      if (answer.reason.code !== expect) throw new Error(`member ${g}: ${answer.reason.code}, expected ${expect}`);
      return ms;
    };
    for (let i = 0; i < 100; i++) await ask(); // warm-up: prepared statements, caches
    const times: number[] = [];
    for (let i = 0; i < coverageQueries; i++) times.push(await ask());
    times.sort((a, b) => a - b);
    result[name] = {
      median: quantile(times, 0.5),
      p99: quantile(times, 0.99),
      max: times[times.length - 1] as number,
    };
  }
  return result;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, Number(v.toFixed(2))]));
}

/** Runs one engine in a child process; its result comes back as the last line of stdout. */
function runChild(
  engine: Engine,
  n: number,
  timeoutSeconds: number,
): Promise<EngineResult | { engine: Engine; n: number; failure: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=8192', '--import', 'tsx', 'bench/payments.ts', '--engine', engine, String(n)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`${engine}: no result after ${timeoutSeconds} s: stopped`);
      // The child drops its scratch database on SIGTERM; SIGKILL if it cannot.
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    }, timeoutSeconds * 1000);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({
          engine,
          n,
          failure: `did not finish within ${timeoutSeconds} s (BENCH_PAYMENTS_TIMEOUT)`,
        });
        return;
      }
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as EngineResult);
      } catch {
        resolve({ engine, n, failure: `exited with ${signal ?? `code ${code}`}` });
      }
    });
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Payments benchmark: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  const results: Array<EngineResult | { engine: Engine; n: number; failure: string }> = [];
  if (await postgresReachable()) results.push(await runChild('postgres', defaultN, timeoutSeconds));
  else console.log(`PostgreSQL at ${postgresUrl} is not reachable: skipped.`);
  if (pgliteN < defaultN) {
    console.log(
      `PGlite posts ${pgliteN.toLocaleString('en')} payments, not ${defaultN.toLocaleString('en')}: a million members ` +
        'take it about 13 GB and ten minutes (set BENCH_PAYMENTS_PGLITE to run them).',
    );
  }
  results.push(await runChild('pglite', pgliteN, timeoutSeconds));

  const label = { postgres: 'PostgreSQL', pglite: 'PGlite (embedded)' } as const;
  const rows: Array<Record<string, string | number>> = [];
  for (const r of results) {
    if ('failure' in r) {
      rows.push({ engine: label[r.engine], N: r.n, what: `FAILED: ${r.failure}` });
      continue;
    }
    const postRate = r.n / r.postSeconds;
    const rawRate = r.n / r.rawCopySeconds;
    rows.push(
      {
        engine: label[r.engine],
        N: r.n,
        what: 'raw COPY of the statement rows (baseline)',
        'per second': Math.round(rawRate),
        seconds: r.rawCopySeconds.toFixed(2),
        'ratio to raw COPY': '1.000',
      },
      {
        engine: label[r.engine],
        N: r.n,
        what: 'one indexed payment row per statement row, bill looked up (floor)',
        'per second': Math.round(r.n / r.oneRowSeconds),
        seconds: r.oneRowSeconds.toFixed(2),
        'ratio to raw COPY': (r.n / r.oneRowSeconds / rawRate).toFixed(4),
      },
      {
        engine: label[r.engine],
        N: r.n,
        what: 'importStatement: payments posted',
        'per second': Math.round(postRate),
        seconds: r.postSeconds.toFixed(2),
        'ratio to raw COPY': (postRate / rawRate).toFixed(4),
      },
    );
    for (const [name, l] of Object.entries(r.latency)) {
      rows.push({
        engine: label[r.engine],
        N: r.n,
        what: `coverageOn ${name}`,
        'median ms': l.median.toFixed(2),
        'p99 ms': l.p99.toFixed(2),
        'max ms': l.max.toFixed(2),
      });
    }
  }
  console.table(rows);
  for (const r of results) {
    if ('failure' in r) {
      console.log(`${label[r.engine]}: FAILED with N = ${r.n.toLocaleString('en')} (${r.failure})`);
      continue;
    }
    console.log(`${label[r.engine]}: where the posting's ${r.postSeconds.toFixed(1)} s went`);
    console.table(r.phases.map((p) => ({ phase: p.phase, seconds: p.seconds.toFixed(2) })));
  }
  for (const r of results) {
    if ('failure' in r) continue;
    const inside = r.latency['inside coverage (PAID_PERIOD)'];
    console.log(
      `${label[r.engine]}: N = ${r.n.toLocaleString('en')}; ${Math.round(r.n / r.postSeconds).toLocaleString('en')} payments/s ` +
        `(${(r.n / r.postSeconds / (r.n / r.rawCopySeconds)).toFixed(3)} × raw COPY at ${Math.round(r.n / r.rawCopySeconds).toLocaleString('en')} rows/s; ` +
        `${(r.n / r.postSeconds / (r.n / r.oneRowSeconds)).toFixed(3)} × one indexed row per payment at ${Math.round(r.n / r.oneRowSeconds).toLocaleString('en')} rows/s); ` +
        `coverage median ${inside?.median.toFixed(2)} ms, p99 ${inside?.p99.toFixed(2)} ms; ` +
        `checks ${r.checks.payments} payments, ${r.checks.bills_paid} bills paid, ${r.checks.coverage_periods} coverage periods, Rp ${Number(r.checks.allocated).toLocaleString('en')} allocated; ` +
        `generation ${sum(Object.values(r.generateSeconds)).toFixed(1)} s, engine total ${r.totalSeconds.toFixed(0)} s`,
    );
  }
  // The aims of the contributions issue, absolute and scaled by this run's COPY on PostgreSQL.
  const onPostgres = results.find((r): r is EngineResult => r.engine === 'postgres' && !('failure' in r));
  const copyOnPostgres = onPostgres ? onPostgres.n / onPostgres.rawCopySeconds : undefined;
  for (const r of results) {
    if ('failure' in r) continue;
    const aim = r.engine === 'postgres' ? aims.paymentsPostgres : aims.paymentsPglite;
    console.log(`Aim: ${aimLine(aim, r.n / r.postSeconds, copyOnPostgres)}`);
  }
  console.log(`payments benchmark took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (results.some((r) => 'failure' in r)) process.exitCode = 1;
}

const args = process.argv.slice(2);
if (args[0] === '--help' || args[0] === '-h') {
  console.log(`node --import tsx bench/payments.ts                 both engines (PostgreSQL when reachable, then PGlite)
node --import tsx bench/payments.ts --engine postgres N   one engine, N payments, in this process (result as JSON on stdout)
node --import tsx bench/payments.ts --engine pglite N

  BENCH_PAYMENTS          N on both engines (default 1,000,000)
  BENCH_PAYMENTS_PGLITE   N on PGlite only (default: BENCH_PAYMENTS, at most 250,000)
  BENCH_PAYMENTS_TIMEOUT  seconds one engine may take before it is stopped (default 480)
  BENCH_DATABASE_URL      PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)`);
} else if (args[0] === '--engine') {
  const engine = args[1] as Engine;
  try {
    const result = await runEngine(engine, Number(args[2]));
    process.stdout.write(`\n${JSON.stringify(result)}\n`);
  } catch (error) {
    log(`${engine}: ${(error as Error).stack ?? error}`);
    process.stdout.write(`\n${JSON.stringify({ engine, n: Number(args[2]), failure: (error as Error).message })}\n`);
  }
  process.exit(0);
} else {
  await main();
}
