// `npm run bench` (exchange part): the partner gateway's two paths at scale.
//
//  1. A SELF_REPORT file of N rows against N existing members (exact match by NIK and
//     passport), imported with `importFile` (COPY into staging, then set-wise checks,
//     matching and writes), beside a raw COPY of the same rows into a bare table: rows/s and
//     the ratio of the two.
//  2. Signed SELF_REPORT messages through the HTTP API (Fastify inject): signature, key,
//     clock, replay, agreement, schema and fields checked, the presence report written, the
//     log appended and the receipt signed, per message; beside bare Ed25519 verification
//     with jose in the same run.
//
//   BENCH_EXCHANGE_ROWS          N on PostgreSQL (default 1,000,000)
//   BENCH_EXCHANGE_PGLITE_ROWS   N on PGlite (default 200,000: PGlite holds the database in this process's memory)
//   BENCH_EXCHANGE_MESSAGES      signed messages per round (default 10,000)
//   BENCH_EXCHANGE_CONCURRENCY   messages in flight, one round each (default 32,256,1024). 32:
//                                partners send in parallel — the foreign ministry's portal relays
//                                many workers' reports at once, and 2,000 messages/s at ~15 ms
//                                each means ~30 in flight by Little's law; at 32 the messages move
//                                through the steps together, each step waiting for the one before,
//                                so Node idles half the time. 256 and 1024: the gateway under a
//                                heavy load, its throughput at saturation (at 1024 the shared
//                                statements take their largest batches, 256, and while one batch is
//                                with the database the next is worked on in Node)
//   BENCH_DATABASE_URL           PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
//   BENCH_EXCHANGE_ONLY          `files` runs only the file part (its statements timed one by one)
//                                `messages` runs only the signed-message part
//   BENCH_EXCHANGE_ENGINES       the engines to run, comma-separated (default postgres,pglite)
import { readFile } from 'node:fs/promises';
import { compactVerify, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import type { AppContext } from '../src/context.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { fileColumnsOf } from '../src/exchange/file-columns.ts';
import { generatePartnerKey, type ImportReport, importFile, signMessage, verifyLog } from '../src/exchange/service.ts';
import { loadAreaCodes } from '../src/identity/area-codes.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { readConfig } from '../src/kernel/config.ts';
import { addPartnerKey, createPartner, recordAgreement } from '../src/partners/service.ts';
import { generateSigningKeys } from '../src/signing/keys.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';
import { aimLine, aims } from './aims.ts';
import { QueryTimer } from './payments-timing.ts';
import { postgresReachable, postgresUrl } from './postgres.ts';

const rowsOnPostgres = Number(process.env.BENCH_EXCHANGE_ROWS ?? 1_000_000);
const rowsOnPglite = Number(process.env.BENCH_EXCHANGE_PGLITE_ROWS ?? Math.min(rowsOnPostgres, 200_000));
const messages = Number(process.env.BENCH_EXCHANGE_MESSAGES ?? 10_000);
const concurrencies = (process.env.BENCH_EXCHANGE_CONCURRENCY ?? '32,256,1024').split(',').map(Number);
const onlyFiles = process.env.BENCH_EXCHANGE_ONLY === 'files';
const onlyMessages = process.env.BENCH_EXCHANGE_ONLY === 'messages';
const engines = (process.env.BENCH_EXCHANGE_ENGINES ?? 'postgres,pglite').split(',');

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const nikOf = (g: number) => `3204${String(g).padStart(12, '0')}`;
const passportOf = (g: number) => `B${String(g).padStart(8, '0')}`;

/** N members (person, passport, membership) written set-wise; NIKs are synthetic 16-digit values. */
async function generateMembers(ctx: AppContext, n: number): Promise<number> {
  const started = performance.now();
  await sql`
    insert into persons (id, nik, full_name, name_normalized, birth_date, sex, nationality)
    select md5('person:' || g)::uuid, '3204' || lpad(g::text, 12, '0'), 'Pekerja Uji ' || g, 'pekerja uji ' || g,
      date '1970-01-01' + (g % 10950), case when g % 2 = 0 then 'F' else 'M' end, 'ID'
    from generate_series(1, ${n}::int) g`.execute(ctx.db);
  await sql`
    insert into passports (person_id, issuing_country, number, expiry_date)
    select md5('person:' || g)::uuid, 'ID', 'B' || lpad(g::text, 8, '0'), date '2031-01-31'
    from generate_series(1, ${n}::int) g`.execute(ctx.db);
  await sql`
    insert into memberships (id, membership_number, person_id, segment, status, pmi_phase, registration_channel, registered_by)
    select md5('membership:' || g)::uuid, lpad((10000000000 + g)::text, 11, '0'), md5('person:' || g)::uuid,
      'PMI', 'REGISTERED', 'DURING_PLACEMENT', 'OFFICER', 'bench'
    from generate_series(1, ${n}::int) g`.execute(ctx.db);
  await sql`analyze persons, passports, memberships`.execute(ctx.db);
  return (performance.now() - started) / 1000;
}

/**
 * The file: 98 % of rows name an existing member by NIK and passport, 1 % are strangers
 * without consent (leads), 1 % break a rule (rejected).
 */
function selfReportFile(n: number): { text: string; body: string } {
  const header = fileColumnsOf('SELF_REPORT').join(',');
  const lines: string[] = [];
  for (let g = 1; g <= n; g++) {
    const kind = g % 100;
    const nik = kind === 98 ? `3299${String(g).padStart(12, '0')}` : nikOf(g);
    const passport = kind === 98 ? `X${String(g).padStart(8, '0')}` : passportOf(g);
    const birth = kind === 99 ? '1990-02-30' : '1990-05-17';
    lines.push(
      `${nik},${passport},ID,2031-01-31,Pekerja Uji ${g},${birth},${g % 2 === 0 ? 'F' : 'M'},+85291234567,,HK,"Flat ${g % 50}, Nathan Road",Kowloon,Employer ${g % 997},2026-01-15,2028-01-14,,${kind === 98 ? 'no' : 'yes'}`,
    );
  }
  const body = `${lines.join('\n')}\n`;
  return { text: `${header}\n${body}`, body };
}

async function contextFor(engine: 'postgres' | 'pglite') {
  const { handle, drop } = await openScratchDatabase(engine === 'postgres' ? postgresUrl : undefined, 'lindung_bench_exchange', 10);
  await migrateToLatest(handle.db);
  const copy = { seconds: 0 };
  const ctx: AppContext = {
    db: handle.db,
    engine: handle.engine,
    copyCsv: async (table, columns, csv) => {
      const at = performance.now();
      await handle.copyCsv(table, columns, csv);
      copy.seconds += (performance.now() - at) / 1000;
    },
    clock: systemClock,
    config: { ...readConfig({}), secureCookies: false },
    areaCodes: await loadAreaCodes(),
    signingKeys: await generateSigningKeys(),
  };
  return {
    ctx,
    copy,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

async function runEngine(engine: 'postgres' | 'pglite', n: number) {
  log(`${engine}: ${n.toLocaleString('en')} members and file rows`);
  const { ctx, copy, close } = await contextFor(engine);
  try {
    const generateSeconds = await generateMembers(ctx, n);
    log(`${engine}: members generated in ${generateSeconds.toFixed(1)} s`);
    await createPartner(ctx, { code: 'KEMENLU-BENCH', name: 'Foreign ministry (bench)', type: 'MINISTRY', country: 'ID' });
    const key = await generatePartnerKey('kemenlu-bench-1');
    await addPartnerKey(ctx, 'KEMENLU-BENCH', { publicJwk: key.publicJwk, validFrom: new Date(Date.now() - 86_400_000).toISOString() });
    await recordAgreement(ctx, 'KEMENLU-BENCH', {
      kind: 'COOPERATION_AGREEMENT',
      reference: 'PKS/BENCH/1',
      signedOn: ctx.clock.today(),
      scope: 'Benchmark',
      permissions: [
        {
          documentType: 'SELF_REPORT',
          direction: 'SEND',
          fields: ['person', 'passport', 'country', 'address', 'employer', 'contract', 'consentToRegister'],
        },
      ],
    });

    if (onlyMessages) {
      const api = await runMessages(ctx, key.privateJwk, n);
      const skipped = { rawCopySeconds: 0, importSeconds: 0, rowsPerSecond: 0, rawRowsPerSecond: 1 };
      return { engine, n, generateSeconds, ...skipped, report: { effects: {}, rejected: 0 } as unknown as ImportReport, ...api };
    }
    const file = selfReportFile(n);
    // Baseline: the same rows COPYed into a bare table of text columns, in the same pieces.
    const columns = fileColumnsOf('SELF_REPORT');
    await sql.raw(`create unlogged table bench_raw (${columns.map((c) => `${c} text`).join(', ')})`).execute(ctx.db);
    let started = performance.now();
    const piece = 8 * 1024 * 1024;
    for (let at = 0; at < file.body.length; ) {
      let end = Math.min(at + piece, file.body.length);
      if (end < file.body.length) end = file.body.indexOf('\n', end) + 1;
      await ctx.copyCsv('bench_raw', columns, file.body.slice(at, end));
      at = end;
    }
    const rawCopySeconds = (performance.now() - started) / 1000;
    await sql`drop table bench_raw`.execute(ctx.db);
    log(`${engine}: raw COPY ${rawCopySeconds.toFixed(2)} s`);

    // The import's statements timed one by one (the signed messages below run untimed).
    const timer = new QueryTimer();
    copy.seconds = 0;
    started = performance.now();
    let lastPhase = '';
    const report = await importFile(
      { ...ctx, db: ctx.db.withPlugin(timer) },
      { partnerCode: 'KEMENLU-BENCH', documentType: 'SELF_REPORT', fileName: 'bench.csv', content: Buffer.from(file.text) },
      'bench',
      (phase, done, total) => {
        if (phase !== lastPhase)
          log(`${engine}: import ${phase} (${done}/${total}) at ${((performance.now() - started) / 1000).toFixed(2)} s`);
        lastPhase = phase;
      },
    );
    const importSeconds = (performance.now() - started) / 1000;
    const expected = { matched: n - 2 * Math.floor(n / 100) - (n % 100 >= 98 ? 1 : 0), rejected: Math.floor((n + 1) / 100) };
    log(`${engine}: import ${importSeconds.toFixed(2)} s: ${JSON.stringify(report.effects)}, rejected ${report.rejected}`);
    if ((report.effects.MATCHED ?? 0) < expected.matched * 0.99) throw new Error(`too few matches: ${JSON.stringify(report)}`);
    // Where the import's time went: COPY, then each statement of 50 ms or more.
    const slow = timer.timings.filter((t) => t.ms >= 50);
    const rest = importSeconds - copy.seconds - slow.reduce((sum, t) => sum + t.ms / 1000, 0);
    log(`${engine}:   COPY into staging ${copy.seconds.toFixed(2)} s`);
    for (const t of slow) log(`${engine}:   ${t.label} ${(t.ms / 1000).toFixed(2)} s`);
    log(`${engine}:   JavaScript (hash, header) and small queries ${rest.toFixed(2)} s`);

    const api = onlyFiles ? { messages: 0, rounds: [] } : await runMessages(ctx, key.privateJwk, n);
    return {
      engine,
      n,
      generateSeconds,
      rawCopySeconds,
      importSeconds,
      rowsPerSecond: n / importSeconds,
      rawRowsPerSecond: n / rawCopySeconds,
      report,
      ...api,
    };
  } finally {
    await close();
  }
}

/**
 * The CPU the database server's processes for this database have used so far (ms), when
 * the server runs on this machine (Linux): the other half of a message's cost. Undefined
 * otherwise (PGlite runs in this process; a remote server's processes are not visible).
 */
async function serverCpuMs(ctx: AppContext): Promise<number | undefined> {
  if (ctx.engine !== 'postgres') return undefined;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(ctx.db);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      // utime and stime (clock ticks of 10 ms), the 14th and 15th fields, after the command name in parentheses.
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  }
  return Number.isFinite(ticks) ? ticks * 10 : undefined;
}

/** Signed messages end to end through the API at each concurrency, each round beside bare Ed25519 verification. */
async function runMessages(ctx: AppContext, privateJwk: JWK, members: number) {
  const rounds = [];
  for (const concurrency of concurrencies) rounds.push(await runMessageRound(ctx, privateJwk, members, concurrency));
  return { messages, rounds };
}

async function runMessageRound(ctx: AppContext, privateJwk: JWK, members: number, concurrency: number) {
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  try {
    const signed: string[] = [];
    for (let i = 0; i < messages; i++) {
      const g = 1 + ((i * 7919) % members);
      signed.push(
        await signMessage(privateJwk, {
          type: 'SELF_REPORT',
          sender: 'KEMENLU-BENCH',
          messageId: `BENCH-${concurrency}-${i}`,
          document: {
            person: { nik: nikOf(g), fullName: `Pekerja Uji ${g}`, birthDate: '1990-05-17', sex: g % 2 === 0 ? 'F' : 'M' },
            passport: { number: passportOf(g), issuingCountry: 'ID', expiryDate: '2031-01-31' },
            country: 'HK',
            employer: { name: `Employer ${g % 997}` },
            consentToRegister: true,
          },
        }),
      );
    }
    let next = 0;
    let failures = 0;
    const latencies: number[] = [];
    const serverBefore = await serverCpuMs(ctx);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < signed.length) {
          const jws = signed[next++] as string;
          const sent = performance.now();
          const response = await app.inject({
            method: 'POST',
            url: '/api/v1/exchange/messages',
            headers: { 'content-type': 'application/jose' },
            payload: jws,
          });
          latencies.push(performance.now() - sent);
          if (response.statusCode !== 200 && failures++ === 0) log(`refused: ${response.body}`);
        }
      }),
    );
    const apiSeconds = (performance.now() - started) / 1000;
    // This process's CPU per message (all its threads): on a shared machine a steadier figure than the rate.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / messages;
    const serverAfter = await serverCpuMs(ctx);
    const serverCpuMsPerMessage =
      serverBefore === undefined || serverAfter === undefined ? undefined : (serverAfter - serverBefore) / messages;
    if (failures > 0) throw new Error(`${failures} signed messages were refused`);
    const chain = await verifyLog(ctx);
    if (!chain.intact) throw new Error(`the message log is broken: ${chain.reason}`);

    const publicKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x as string, alg: 'EdDSA' }, 'EdDSA');
    const verifyStarted = performance.now();
    for (const jws of signed) await compactVerify(jws, publicKey);
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    latencies.sort((a, b) => a - b);
    const latencyMs = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
    log(
      `messages: ${(messages / apiSeconds).toFixed(0)}/s end to end (${concurrency} in flight, ${cpuMsPerMessage.toFixed(2)} ms of this process's CPU each${serverCpuMsPerMessage === undefined ? '' : `, ${serverCpuMsPerMessage.toFixed(2)} ms of the database server's`}), latency median ${latencyMs(0.5).toFixed(0)} ms, p99 ${latencyMs(0.99).toFixed(0)} ms; bare verification ${(messages / verifySeconds).toFixed(0)}/s`,
    );
    return {
      concurrency,
      messagesPerSecond: messages / apiSeconds,
      cpuMsPerMessage,
      serverCpuMsPerMessage,
      latencyMedianMs: latencyMs(0.5),
      latencyP99Ms: latencyMs(0.99),
      bareVerificationsPerSecond: messages / verifySeconds,
    };
  } finally {
    await app.close();
  }
}

const results = [];
if (engines.includes('postgres')) {
  if (await postgresReachable()) results.push(await runEngine('postgres', rowsOnPostgres));
  else log(`PostgreSQL at ${postgresUrl} is not reachable: PGlite only`);
}
if (engines.includes('pglite')) results.push(await runEngine('pglite', rowsOnPglite));

process.stdout.write('\nPartner gateway (exchange): files\n');
process.stdout.write('engine         rows   raw COPY rows/s   import rows/s   ratio\n');
for (const r of results) {
  if (r.rowsPerSecond === 0) continue;
  process.stdout.write(
    `${r.engine.padEnd(9)} ${r.n.toLocaleString('en').padStart(9)}   ${r.rawRowsPerSecond.toFixed(0).padStart(15)}   ${r.rowsPerSecond.toFixed(0).padStart(13)}   ${(r.rowsPerSecond / r.rawRowsPerSecond).toFixed(3).padStart(5)}\n`,
  );
}
process.stdout.write('\nPartner gateway (exchange): signed messages\n');
process.stdout.write(
  'engine    in flight   signed msgs/s (end to end)   latency median / p99 ms   bare jose Ed25519 verify/s   ratio   CPU ms/msg (this process, server)\n',
);
for (const r of results) {
  for (const round of r.rounds) {
    const cpu = `${round.cpuMsPerMessage.toFixed(2)}, ${round.serverCpuMsPerMessage?.toFixed(2) ?? '-'}`;
    process.stdout.write(
      `${r.engine.padEnd(9)} ${String(round.concurrency).padStart(9)}   ${round.messagesPerSecond.toFixed(0).padStart(26)}   ${`${round.latencyMedianMs.toFixed(0)} / ${round.latencyP99Ms.toFixed(0)}`.padStart(23)}   ${round.bareVerificationsPerSecond.toFixed(0).padStart(26)}   ${(round.messagesPerSecond / round.bareVerificationsPerSecond).toFixed(3).padStart(5)}   ${cpu}\n`,
    );
  }
}
// The aims of the partner-gateway issue, absolute and scaled by this run's baselines (the
// COPY on PostgreSQL for files; for messages, bare jose verification measured right after
// the round, at the gateway's saturation: the round with the most messages per second).
const filesOnPostgres = results.find((r) => r.engine === 'postgres' && r.rowsPerSecond > 0);
for (const r of results) {
  const fileAim = r.engine === 'postgres' ? aims.fileRowsPostgres : aims.fileRowsPglite;
  if (r.rowsPerSecond > 0) process.stdout.write(`Aim: ${aimLine(fileAim, r.rowsPerSecond, filesOnPostgres?.rawRowsPerSecond)}\n`);
  const best = [...r.rounds].sort((a, b) => b.messagesPerSecond - a.messagesPerSecond)[0];
  if (best) {
    process.stdout.write(
      `Aim (${r.engine}, ${best.concurrency} in flight): ${aimLine(aims.signedMessages, best.messagesPerSecond, best.bareVerificationsPerSecond)}\n`,
    );
  }
}
process.stdout.write(
  `\n${JSON.stringify(
    results.map(({ report, ...rest }) => ({ ...rest, effects: report.effects, rejected: report.rejected })),
    null,
    1,
  )}\n`,
);
