// `npm run bench` (linkage part): the harmonization engine on the labelled synthetic data.
// A register of N members against 0.9 N partner records (80 % of them members written
// differently): end-to-end time from two CSV files to the links file, candidate pairs,
// precision, recall, F1 and peak memory; beside it, in the same run, the baseline of
// exact NIK matching (what the gateway does) on the same files. Then the latency of one
// online match against the whole register in the database, with the stored model.
//
//   node --import tsx bench/linkage.ts            100,000 members (quick)
//   node --import tsx bench/linkage.ts --full     1,000,000 members against 900,000 partner records
//   BENCH_LINK_MEMBERS=N                          any size
//   BENCH_DATABASE_URL                            PostgreSQL for the online match (default local; PGlite when unreachable,
//                                                 with the register capped at 200,000: PGlite holds it all in this process)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runLinkage } from '../src/harmonization/duckdb-engine.ts';
import { writeSyntheticCsv } from '../src/harmonization/evaluate.ts';
import { matchRecord } from '../src/harmonization/match-record.ts';
import { saveModel } from '../src/harmonization/store.ts';
import { syntheticDataset } from '../src/harmonization/synthetic.ts';
import { normalizeName } from '../src/identity/names.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';
import { postgresReachable, postgresUrl } from './postgres.ts';

const full = process.argv.includes('--full');
const members = Number(process.env.BENCH_LINK_MEMBERS ?? (full ? 1_000_000 : 100_000));
const partnerRecords = Math.floor(members * 0.9);
const seed = 20261122;
const onlineQueries = 200;

const seconds = (from: number) => (performance.now() - from) / 1000;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function quality(linksPath: string, truthPath: string, linksSql: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const row = (
    await c.runAndReadAll(`
      with links as (${linksSql.replace('$LINKS', `'${linksPath}'`)}),
           truth as (select * from read_csv('${truthPath}', all_varchar = true))
      select (select count(*) from links) as made,
             (select count(*) from links join truth using (right_id) where links.left_id = truth.left_id) as correct,
             (select count(*) from truth) as matches`)
  ).getRowObjectsJS()[0] as { made: bigint; correct: bigint; matches: bigint };
  c.closeSync();
  instance.closeSync();
  const made = Number(row.made);
  const correct = Number(row.correct);
  const precision = made === 0 ? 1 : correct / made;
  const recall = correct / Number(row.matches);
  return { made, correct, matches: Number(row.matches), precision, recall, f1: (2 * precision * recall) / (precision + recall) };
}

async function baseline(membersPath: string, partnerPath: string, out: string): Promise<number> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await instance.connect();
  await c.run(`copy (select l.id as left_id, r.id as right_id
      from read_csv('${membersPath}', all_varchar = true) l join read_csv('${partnerPath}', all_varchar = true) r on l.nik = r.nik)
    to '${out}' (header)`);
  c.closeSync();
  instance.closeSync();
  return seconds(started);
}

async function onlineLatency(dataset: ReturnType<typeof syntheticDataset>, model: Parameters<typeof saveModel>[1]) {
  const server = (await postgresReachable()) ? postgresUrl : undefined;
  const size = server ? members : Math.min(members, 200_000);
  const { handle, drop } = await openScratchDatabase(server, 'lindung_bench_link');
  try {
    await migrateToLatest(handle.db);
    const loadStarted = performance.now();
    for (let start = 0; start < size; start += 50_000) {
      const persons: string[] = [];
      const passports: string[] = [];
      for (let i = start; i < Math.min(size, start + 50_000); i++) {
        const m = dataset.member(i);
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const name = (m.name ?? '').replaceAll('"', '');
        persons.push([id, m.nik ?? '', `"${name}"`, `"${normalizeName(name)}"`, m.birthDate, m.sex, 'ID', m.phone ?? ''].join(','));
        if (m.passport) passports.push([id, 'ID', m.passport, '2030-12-31'].join(','));
      }
      await handle.copyCsv(
        'persons',
        ['id', 'nik', 'full_name', 'name_normalized', 'birth_date', 'sex', 'nationality', 'phone'],
        `${persons.join('\n')}\n`,
      );
      if (passports.length > 0)
        await handle.copyCsv('passports', ['person_id', 'issuing_country', 'number', 'expiry_date'], `${passports.join('\n')}\n`);
    }
    const loadSeconds = seconds(loadStarted);
    // As autovacuum would after a load this size: without statistics the planner scans.
    await sql`analyze persons`.execute(handle.db);
    await sql`analyze passports`.execute(handle.db);
    const version = await saveModel(handle.db, model, { bench: true }, 'bench');
    const stored = { version, model };
    const latencies: number[] = [];
    for (let q = 0; q < onlineQueries + 20; q++) {
      const { record } = dataset.partnerRecord((q * 7_919) % Math.floor(size * 0.8));
      const started = performance.now();
      await matchRecord({ db: handle.db }, record, stored);
      if (q >= 20) latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    return {
      engine: server ? 'PostgreSQL' : 'PGlite',
      register: size,
      loadSeconds,
      median: latencies[Math.floor(latencies.length / 2)] as number,
      p95: latencies[Math.floor(latencies.length * 0.95)] as number,
    };
  } finally {
    await handle.close();
    await drop();
  }
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'lindung-linkage-'));
  const paths = { members: path.join(dir, 'members.csv'), partner: path.join(dir, 'partner.csv'), truth: path.join(dir, 'truth.csv') };
  try {
    console.log(
      `Linkage benchmark: ${members.toLocaleString('en')} members against ${partnerRecords.toLocaleString('en')} partner records (seed ${seed}).`,
    );
    const dataset = syntheticDataset({ seed, members, partnerRecords });
    let started = performance.now();
    const matches = await writeSyntheticCsv(dataset, paths);
    console.log(`  generated the labelled files in ${fmt(seconds(started))} s (${matches.toLocaleString('en')} true matches)`);

    const baselineOut = path.join(dir, 'baseline.csv');
    const baselineSeconds = await baseline(paths.members, paths.partner, baselineOut);
    const baselineQuality = await quality(baselineOut, paths.truth, 'select * from read_csv($LINKS, all_varchar = true)');

    const out = path.join(dir, 'links.csv');
    const stages: string[] = [];
    let stageStarted = performance.now();
    let lastStage = '';
    started = performance.now();
    const session = await runLinkage({
      left: { kind: 'csv', path: paths.members, idColumn: 'id' },
      right: { kind: 'csv', path: paths.partner, idColumn: 'id' },
      onProgress: (stage) => {
        if (lastStage) stages.push(`${lastStage} ${fmt(seconds(stageStarted))}`);
        lastStage = stage;
        stageStarted = performance.now();
      },
    });
    stageStarted = performance.now();
    await session.writeCsv(out, { includeReview: true });
    stages.push(`${lastStage} and writing ${fmt(seconds(stageStarted))}`);
    const linkSeconds = seconds(started);
    const peakRss = process.resourceUsage().maxRSS / 1024; // MB
    const { counts, model } = session;
    session.close();
    const linked = await quality(out, paths.truth, `select * from read_csv($LINKS, all_varchar = true) where decision = 'LINKED'`);
    const withReview = await quality(out, paths.truth, 'select * from read_csv($LINKS, all_varchar = true)');

    console.log(
      `  end to end (CSV in, links out): ${fmt(linkSeconds)} s — ${Math.round(partnerRecords / linkSeconds).toLocaleString('en')} partner records/s`,
    );
    console.log(`    stages (s): ${stages.join(', ')}`);
    console.log(
      `  candidate pairs: ${counts.candidatePairs.toLocaleString('en')} (${fmt(counts.candidatePairs / partnerRecords, 2)} per partner record)`,
    );
    console.log(
      `  decisions: ${counts.linked} linked, ${counts.review} to review, ${counts.new} new; model: ${model.training.iterations} EM iterations, converged ${model.training.converged}`,
    );
    console.log(`  automatic links: precision ${fmt(linked.precision, 4)}, recall ${fmt(linked.recall, 4)}, F1 ${fmt(linked.f1, 4)}`);
    console.log(`  links and review queue together: precision ${fmt(withReview.precision, 4)}, recall ${fmt(withReview.recall, 4)}`);
    console.log(`  peak memory (RSS, whole process): ${fmt(peakRss / 1024, 2)} GB`);
    console.log(
      `  baseline, exact NIK only, same files: ${fmt(baselineSeconds)} s, precision ${fmt(baselineQuality.precision, 4)}, recall ${fmt(baselineQuality.recall, 4)}; ` +
        `time ratio ${fmt(linkSeconds / baselineSeconds, 1)}×, recall gained ${fmt((linked.recall - baselineQuality.recall) * 100)} points`,
    );
    const online = await onlineLatency(dataset, model);
    console.log(
      `  online match, one record against ${online.register.toLocaleString('en')} persons on ${online.engine} (loaded in ${fmt(online.loadSeconds)} s): median ${fmt(online.median)} ms, p95 ${fmt(online.p95)} ms over ${onlineQueries} records`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
