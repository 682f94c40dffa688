// `npm run bench` (claims part): assessing a batch of claims, and the officers' queue with
// a million claims stored, on the embedded database and on PostgreSQL when reachable.
//
//   BENCH_CLAIMS_ASSESS   claims assessed in one batch (default 100,000)
//   BENCH_CLAIMS_STORED   claims stored for the queue latency (default 1,000,000)
//   BENCH_CLAIMS_QUERIES  queue queries timed per kind (default 500)
//   BENCH_CLAIMS_ENGINE   pglite or postgres: one engine only (default both)
//   BENCH_DATABASE_URL    PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
//
// Claims and members are generated set-wise in SQL (insert … select from generate_series).
// The assessment runs through the real `assessClaims` (member facts, calculation under the
// stored regulation, one update, transitions and notifications per chunk); its baseline,
// measured in the same run, is a set-wise update of the same rows with a constant
// calculation: the floor of writing the result, without computing it.
import { sql } from 'kysely';
import { assessClaims, listClaimQueue } from '../src/claims/service.ts';
import type { AppContext } from '../src/context.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAreaCodes } from '../src/identity/area-codes.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { readConfig } from '../src/kernel/config.ts';
import { membershipNumberFromSequence } from '../src/membership/membership-number.ts';
import { generateSigningKeys } from '../src/signing/keys.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';
import { postgresReachable, postgresUrl } from './postgres.ts';

const assessN = Number(process.env.BENCH_CLAIMS_ASSESS ?? 100_000);
const storedN = Number(process.env.BENCH_CLAIMS_STORED ?? 1_000_000);
const queries = Number(process.env.BENCH_CLAIMS_QUERIES ?? 500);
const members = 10_000;
const jhtShare = 0.05; // one JHT claim per member at most is open: 5 % of 100,000 over 10,000 members

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface Result {
  engine: string;
  assessN: number;
  assessPerSecond: number;
  baselinePerSecond: number;
  stored: number;
  queue: Record<string, { median: number; p99: number }>;
  plan: string;
}

async function runEngine(engine: 'pglite' | 'postgres'): Promise<Result> {
  const { handle, drop } = await openScratchDatabase(engine === 'postgres' ? postgresUrl : undefined, 'lindung_bench_claims', 4);
  try {
    await migrateToLatest(handle.db);
    const ctx: AppContext = {
      db: handle.db,
      engine: handle.engine,
      copyCsv: handle.copyCsv,
      clock: fixedClock('2026-06-01T03:00:00Z'),
      config: readConfig({}),
      areaCodes: await loadAreaCodes(),
      signingKeys: await generateSigningKeys(),
    };
    const db = handle.db;

    log(`${engine}: ${members.toLocaleString('en')} members`);
    const numbers = Array.from({ length: members }, (_, i) => membershipNumberFromSequence(i + 1));
    await sql`
      with p as (
        insert into persons (full_name, name_normalized, birth_date, sex, nationality)
        select 'Bench ' || g, 'bench ' || g, date '1960-01-01' + (g % 9000), case when g % 2 = 0 then 'F' else 'M' end, 'ID'
        from generate_series(1, ${members}) g
        returning id, name_normalized
      )
      insert into memberships (membership_number, person_id, segment, status, registration_channel, registered_by,
        declared_monthly_income, registered_at, status_changed_at)
      select (${numbers}::text[])[substr(p.name_normalized, 7)::int], p.id, 'BPU', 'ACTIVE', 'OFFICER', 'bench', 3000000,
        timestamptz '2014-01-01', timestamptz '2014-01-01'
      from p
    `.execute(db);
    await sql`
      insert into jht_ledger (membership_id, entry_type, amount, value_date, reference, recorded_by)
      select id, 'CONTRIBUTION', 10000000, date '2026-01-31', 'bench:seed', 'bench' from memberships
    `.execute(db);

    // ---- assessment of a batch ------------------------------------------------------------
    log(`${engine}: ${assessN.toLocaleString('en')} claims waiting for assessment`);
    const jhtClaims = Math.floor(assessN * jhtShare);
    await insertClaims(db, { from: 1, count: assessN, status: 'DOCUMENTS_CHECKED', jhtClaims });
    await sql`analyze claims, memberships, persons, placements, jht_ledger`.execute(db);
    const ids = (
      await db.selectFrom('claims').select('id').where('status', '=', 'DOCUMENTS_CHECKED').orderBy('claim_number').execute()
    ).map((r) => r.id);

    // The baseline writes into a copy of the claims, so that the claims themselves are not
    // bloated by it before the real assessment runs.
    await sql`create table bench_claims as select id, status, calculation, amount, unconfirmed, status_changed_at from claims`.execute(db);
    await sql`alter table bench_claims add primary key (id)`.execute(db);
    const baselineStarted = performance.now();
    const constant = JSON.stringify({ total: 1, lines: [] });
    for (let start = 0; start < ids.length; start += 2000) {
      const chunk = ids.slice(start, start + 2000);
      await db.transaction().execute(async (trx) => {
        await sql`
          update bench_claims c set status = 'ASSESSED', calculation = ${constant}::jsonb, amount = 1, unconfirmed = false,
            status_changed_at = now()
          from unnest(${chunk}::uuid[]) as v(id) where c.id = v.id and c.status = 'DOCUMENTS_CHECKED'
        `.execute(trx);
      });
    }
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    await sql`drop table bench_claims`.execute(db);
    log(`${engine}: baseline set-wise update in ${baselineSeconds.toFixed(1)} s`);

    const started = performance.now();
    const outcome = await assessClaims(ctx, ids, undefined);
    const assessSeconds = (performance.now() - started) / 1000;
    if (outcome.assessed !== assessN) throw new Error(`${engine}: assessed ${outcome.assessed} of ${assessN}`);
    const check = await sql<{ n: number; total: number }>`
      select count(*)::int as n, coalesce(sum(amount), 0)::bigint as total from claims where status = 'ASSESSED' and amount > 0
    `.execute(db);
    log(
      `${engine}: assessed ${outcome.assessed.toLocaleString('en')} in ${assessSeconds.toFixed(1)} s (${Math.round(assessN / assessSeconds).toLocaleString('en')}/s); ${check.rows[0]?.n} with an amount, Rp ${check.rows[0]?.total.toLocaleString('en')} in all`,
    );

    // ---- the queue with a million claims -------------------------------------------------------
    log(`${engine}: topping up to ${storedN.toLocaleString('en')} claims`);
    const toppedStarted = performance.now();
    for (let from = assessN + 1; from <= storedN; from += 250_000) {
      await insertClaims(db, { from, count: Math.min(250_000, storedN - from + 1), status: 'MIXED', jhtClaims: 0 });
    }
    await sql`analyze claims`.execute(db);
    log(`${engine}: stored in ${((performance.now() - toppedStarted) / 1000).toFixed(1)} s`);

    const explain = await sql<{ 'QUERY PLAN': string }>`
      explain select c.id from claims c join memberships m on m.id = c.membership_id
      where c.status in ('SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED')
      order by c.sla_due_at, c.id limit 51
    `.execute(db);
    const plan = explain.rows.map((r) => r['QUERY PLAN']).join(' | ');
    log(`${engine}: plan: ${plan}`);

    const queue: Result['queue'] = {};
    const time = async (name: string, run: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await run(i);
      const times: number[] = [];
      for (let i = 0; i < queries; i++) {
        const at = performance.now();
        await run(i);
        times.push(performance.now() - at);
      }
      times.sort((a, b) => a - b);
      queue[name] = { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
      log(`${engine}: ${name}: median ${queue[name]?.median.toFixed(2)} ms, p99 ${queue[name]?.p99.toFixed(2)} ms`);
    };
    // Cursors spread over the whole queue, taken from the data itself.
    const marks = (
      await sql<{ sla_due_at: Date; id: string }>`
        select sla_due_at, id from claims where status in ('SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED')
          and random() < 0.002 limit ${queries}
      `.execute(db)
    ).rows.map((r) => Buffer.from(`${r.sla_due_at.toISOString()}|${r.id}`).toString('base64url'));
    await time('primary-key lookup (floor)', (i) =>
      db
        .selectFrom('claims')
        .select('status')
        .where('claim_number', '=', `K${String(1 + ((i * 7919) % storedN)).padStart(10, '0')}`)
        .executeTakeFirst(),
    );
    await time('queue, first page of 50', () => listClaimQueue(ctx, { limit: 50 }));
    await time('queue, a page of 50 anywhere (cursor)', (i) => listClaimQueue(ctx, { limit: 50, cursor: marks[i % marks.length] }));
    await time('queue, first page of 50 of one status', () => listClaimQueue(ctx, { limit: 50, status: 'APPEALED' }));

    return {
      engine,
      assessN,
      assessPerSecond: assessN / assessSeconds,
      baselinePerSecond: assessN / baselineSeconds,
      stored: storedN,
      queue,
      plan,
    };
  } finally {
    await handle.close();
    await drop();
  }
}

/**
 * Claims `from` … `from + count − 1` over the bench members, set-wise. `MIXED`: 40 % open
 * (in the four queue statuses), the rest paid or rejected, due times spread over a year.
 */
async function insertClaims(
  db: AppContext['db'],
  options: { from: number; count: number; status: 'DOCUMENTS_CHECKED' | 'MIXED'; jhtClaims: number },
): Promise<void> {
  const to = options.from + options.count - 1;
  const statuses = `'{SUBMITTED,DOCUMENTS_CHECKED,ASSESSED,APPEALED,PAID,PAID,PAID,REJECTED,PAID,PAID}'::text[]`;
  const types = `'{JKK_MEDICAL,JKK_TEMPORARY_INCAPACITY,JKK_PERMANENT_DISABILITY,JKM_LUMP_SUM,JKK_RETURN_TO_WORK}'::text[]`;
  await sql`
    with ms as (
      select id, row_number() over (order by membership_number) - 1 as rn from memberships
    ), numbered as (
      select g, ms.id as membership_id,
        case when g - ${options.from} < ${options.jhtClaims} then 'JHT_FULL' else (${sql.raw(types)})[1 + g % 5] end as claim_type
      from generate_series(${options.from}::int, ${to}::int) g
      join ms on ms.rn = g % ${members}
    )
    insert into claims (claim_number, membership_id, claim_type, event_date, event_key, status, claim_date, claimant, death_benefit,
      pay_to, facts, regulation_id, submitted_by, submitted_at, sla_due_at, status_changed_at)
    select 'K' || lpad(g::text, 10, '0'), membership_id, claim_type, date '2026-05-01', 'BENCH:' || g,
      ${options.status === 'MIXED' ? sql.raw(`(${statuses})[1 + g % 10]`) : sql`'DOCUMENTS_CHECKED'`},
      date '2026-05-20',
      '{"kind":"MEMBER","fullName":null,"relationship":null,"nik":null,"phone":null}'::jsonb,
      claim_type = 'JKM_LUMP_SUM',
      '{"bankCode":"BNINIDJA","accountNumber":"0123456789","accountHolder":"Bench"}'::jsonb,
      case claim_type
        when 'JHT_FULL' then '{"eventDate":"2026-05-01","jhtReason":"PERMANENT_TOTAL_DISABILITY"}'
        when 'JKK_MEDICAL' then '{"eventDate":"2026-05-01","invoices":[{"reference":"INV-1","date":"2026-05-02","amount":1250000},{"reference":"INV-2","date":"2026-05-09","amount":340000}]}'
        when 'JKK_RETURN_TO_WORK' then '{"eventDate":"2026-05-01","invoices":[{"reference":"RTW-1","date":"2026-05-10","amount":2000000}]}'
        when 'JKK_TEMPORARY_INCAPACITY' then '{"eventDate":"2026-05-01","daysOfIncapacity":' || (1 + g % 500) || '}'
        when 'JKK_PERMANENT_DISABILITY' then '{"eventDate":"2026-05-01","disabilityPercent":' || (1 + g % 100) || '}'
        else '{"eventDate":"2026-05-01"}' end::jsonb,
      case when claim_type = 'JHT_FULL' then 'PP-46-2015-JHT' else 'PP-44-2015-JKK-JKM' end,
      'bench', timestamptz '2026-05-20 03:00+00', timestamptz '2026-05-20 03:00+00' + (g % 525600) * interval '1 minute',
      timestamptz '2026-05-20 03:00+00'
    from numbered
  `.execute(db);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

const results: Result[] = [];
const only = process.env.BENCH_CLAIMS_ENGINE;
const engines: Array<'pglite' | 'postgres'> = only === 'postgres' ? [] : ['pglite'];
if (only !== 'pglite') {
  if (await postgresReachable()) engines.unshift('postgres');
  else log(`PostgreSQL at ${postgresUrl} is not reachable: embedded database only`);
}
for (const engine of engines) results.push(await runEngine(engine));

console.log('\nClaims assessed in one batch, and the officers’ queue with the claims stored\n');
console.log('| engine | claims assessed/s | baseline (set-wise update)/s | ratio | claims stored | queue query | median ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
for (const r of results) {
  for (const [name, q] of Object.entries(r.queue)) {
    console.log(
      `| ${r.engine} | ${Math.round(r.assessPerSecond).toLocaleString('en')} | ${Math.round(r.baselinePerSecond).toLocaleString('en')} | ${(r.assessPerSecond / r.baselinePerSecond).toFixed(3)} | ${r.stored.toLocaleString('en')} | ${name} | ${q.median.toFixed(2)} | ${q.p99.toFixed(2)} |`,
    );
  }
}
