// Why the posting takes the time it does: runs importStatement on N generated members with
// its big set-wise statement turned into EXPLAIN (ANALYZE, BUFFERS) of itself, and prints
// the plan (with the time each foreign-key trigger took).
//
//   node --import tsx bench/payments-explain.ts postgres 20000
//   node --import tsx bench/payments-explain.ts pglite 20000
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  RawNode,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import type { AppContext } from '../src/context.ts';
import { importStatement } from '../src/contributions/import-statement.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadAreaCodes } from '../src/identity/area-codes.ts';
import { businessDate, systemClock } from '../src/kernel/clock.ts';
import { readConfig } from '../src/kernel/config.ts';
import { generateSigningKeys } from '../src/signing/keys.ts';
import { openScratchDatabase } from '../src/testing/harness.ts';
import { channelCode, generateMembers, statementCsv } from './payments-data.ts';

/** Prefixes the statements whose SQL starts with `marker` with EXPLAIN and keeps their plans. */
class ExplainPlugin implements KyselyPlugin {
  readonly plans: string[] = [];
  readonly #explained = new WeakSet<object>();
  constructor(readonly marker: RegExp) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind !== 'RawNode' || !this.marker.test(node.sqlFragments[0] ?? '')) return node;
    this.#explained.add(args.queryId);
    const [first = '', ...rest] = node.sqlFragments;
    return RawNode.create([`explain (analyze, buffers, verbose off) ${first}`, ...rest], node.parameters);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#explained.has(args.queryId)) {
      this.plans.push(args.result.rows.map((r) => String(Object.values(r)[0])).join('\n'));
      return { ...args.result, rows: [] };
    }
    return args.result;
  }
}

const [engine = 'postgres', nText = '20000', markerText = '^\\s*with staged as'] = process.argv.slice(2);
const n = Number(nText);
const { handle, drop } = await openScratchDatabase(
  engine === 'postgres' ? (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test') : undefined,
  'lindung_bench_explain',
  4,
);
try {
  await migrateToLatest(handle.db);
  await generateMembers(handle.db, n);
  const explain = new ExplainPlugin(new RegExp(markerText));
  const ctx: AppContext = {
    db: handle.db.withPlugin(explain),
    engine: handle.engine,
    // BENCH_ANALYZE_STAGING=1 tries the first fix without touching src/: statistics on the
    // staged rows, so that the planner knows the statement holds N rows, not 18.
    copyCsv: async (table, columns, csv) => {
      await handle.copyCsv(table, columns, csv);
      if (table === 'statement_staging' && process.env.BENCH_ANALYZE_STAGING === '1') {
        await sql`analyze statement_staging`.execute(handle.db);
      }
    },
    clock: systemClock,
    config: readConfig({}),
    areaCodes: await loadAreaCodes(),
    signingKeys: await generateSigningKeys(),
  };
  const statementDate = businessDate(new Date(Date.now() - 86_400_000));
  const started = performance.now();
  await importStatement(ctx, { channelCode, statementDate, csv: statementCsv(n, statementDate).csv }, 'bench');
  console.log(`${engine}, N = ${n}: importStatement took ${((performance.now() - started) / 1000).toFixed(2)} s under EXPLAIN ANALYZE`);
  for (const plan of explain.plans) console.log(plan);
} finally {
  await handle.close();
  await drop();
}
