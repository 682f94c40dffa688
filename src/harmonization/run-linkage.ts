import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError } from '../kernel/errors.ts';
import type { LinkRecord } from './comparisons.ts';
import type { DecisionRow, PairLabel } from './duckdb-engine.ts';
import { runLinkageIsolated } from './linkage-process.ts';
import { type LinkageModel, scorePair } from './model.ts';
import { MIN_RECORDS_TO_ESTIMATE, referenceModel } from './reference-model.ts';
import * as store from './store.ts';

export interface RunSummary {
  runId: string;
  modelVersion: number;
  resumed: boolean;
  counts: Record<string, number>;
}

const csvField = (value: string | number | null) => {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The model a run uses: the latest stored, or one estimated now (and stored) when there is none. */
export async function currentModel(ctx: AppContext, actor: string): Promise<{ version: number; model: LinkageModel }> {
  return (await store.latestModel(ctx.db)) ?? estimateModel(ctx, actor);
}

/**
 * Estimates a new model version from the register and the staged partner records, with
 * every officer decision so far as a known answer.
 */
export async function estimateModel(ctx: AppContext, actor: string): Promise<{ version: number; model: LinkageModel }> {
  const left = await store.registerRecords(ctx.db);
  const right = await store.undecidedPartnerRecords(ctx.db);
  const labels: PairLabel[] = (
    await ctx.db.selectFrom('review_labels').select(['partner_record_id', 'person_id', 'is_match']).execute()
  ).map((l) => ({ leftId: l.person_id, rightId: l.partner_record_id, match: l.is_match }));
  let model: LinkageModel;
  if (Math.min(left.length, right.length) < MIN_RECORDS_TO_ESTIMATE) {
    model = referenceModel(left.length);
  } else {
    const session = await runLinkageIsolated({
      left: { kind: 'records', records: left },
      right: { kind: 'records', records: right },
      labels,
      oneToOne: 'right',
    });
    model = session.model;
    session.close();
  }
  const version = await store.saveModel(
    ctx.db,
    model,
    {
      registerRecords: left.length,
      partnerRecords: right.length,
      labels: labels.length,
      reference: left.length < MIN_RECORDS_TO_ESTIMATE || right.length < MIN_RECORDS_TO_ESTIMATE,
    },
    actor,
  );
  await store.audit(ctx.db, 'MODEL_ESTIMATED', { version, labels: labels.length }, actor, ctx.clock.now());
  return { version, model };
}

/** Starts a run, or takes over the one left RUNNING by an interrupted process. */
async function startOrResume(ctx: AppContext, kind: 'PARTNER_RECORDS' | 'REGISTER_DUPLICATES', modelVersion: number, actor: string) {
  const running = await ctx.db.selectFrom('linkage_runs').select(['id', 'kind']).where('status', '=', 'RUNNING').executeTakeFirst();
  if (running) {
    if (running.kind !== kind) {
      throw new DomainError('conflict', 'LINKAGE_RUN_IN_PROGRESS', {
        en: 'Another linkage run is in progress; try again when it has completed.',
        id: 'Proses penautan lain sedang berjalan; coba lagi setelah selesai.',
      });
    }
    await ctx.db.updateTable('linkage_runs').set({ model_version: modelVersion }).where('id', '=', running.id).execute();
    return { id: running.id, resumed: true };
  }
  try {
    const row = await ctx.db
      .insertInto('linkage_runs')
      .values({ kind, status: 'RUNNING', model_version: modelVersion, started_by: actor, counts: JSON.stringify(null) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, resumed: false };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'LINKAGE_RUN_IN_PROGRESS', {
        en: 'Another linkage run is in progress; try again when it has completed.',
        id: 'Proses penautan lain sedang berjalan; coba lagi setelah selesai.',
      });
    }
    throw error;
  }
}

function explain(model: LinkageModel, row: DecisionRow) {
  if (row.levels === null) return null;
  return scorePair(model, row.levels, row.nameFrequency ?? undefined).explanation;
}

/**
 * Links the staged partner records that no run or officer has settled to the register.
 * The decisions are written to a staging table first and applied in one transaction with
 * the run's completion, so an interrupted run leaves no link half-applied; calling this
 * again resumes it (same run, staging cleared and computed again).
 */
export async function runPartnerLinkage(ctx: AppContext, actor: string): Promise<RunSummary> {
  const { version, model } = await currentModel(ctx, actor);
  const run = await startOrResume(ctx, 'PARTNER_RECORDS', version, actor);
  await ctx.db.deleteFrom('linkage_run_results').where('run_id', '=', run.id).execute();

  const left = await store.registerRecords(ctx.db);
  const right = await store.undecidedPartnerRecords(ctx.db);
  const counts = { partnerRecords: right.length, registerRecords: left.length, linked: 0, review: 0, new: 0, candidatePairs: 0 };
  if (right.length > 0) {
    // The stored model is scaled to the register it is used on: its prior is per pair of records.
    const session = await runLinkageIsolated({
      left: { kind: 'records', records: left },
      right: { kind: 'records', records: right },
      model: left.length > 0 ? model : referenceModel(1),
      oneToOne: 'right',
    });
    try {
      counts.candidatePairs = session.counts.candidatePairs;
      for await (const chunk of session.decisions()) {
        const lines = chunk.map((d) => {
          counts[d.decision === 'LINKED' ? 'linked' : d.decision === 'REVIEW' ? 'review' : 'new']++;
          const explanation = explain(session.model, d);
          return [run.id, d.rightId, d.leftId, d.decision, d.weight, explanation ? JSON.stringify(explanation) : null]
            .map(csvField)
            .join(',');
        });
        await ctx.copyCsv(
          'linkage_run_results',
          ['run_id', 'partner_record_id', 'person_id', 'decision', 'match_weight', 'explanation'],
          `${lines.join('\n')}\n`,
        );
      }
    } finally {
      session.close();
    }
  }
  await applyRun(ctx, run.id, version, counts, actor);
  return { runId: run.id, modelVersion: version, resumed: run.resumed, counts: await runCounts(ctx, run.id) };
}

/** Everything a run decided, in one transaction: links, findings, completion. */
async function applyRun(
  ctx: AppContext,
  runId: string,
  modelVersion: number,
  counts: Record<string, number>,
  actor: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await sql`
      insert into record_links (partner_record_id, person_id, decision, match_weight, explanation, model_version, run_id, decided_by, decided_at)
      select partner_record_id, person_id, decision, match_weight, explanation, ${modelVersion}, run_id, 'model', ${now}
      from linkage_run_results where run_id = ${runId}
      on conflict (partner_record_id) do update set
        person_id = excluded.person_id, decision = excluded.decision, match_weight = excluded.match_weight,
        explanation = excluded.explanation, model_version = excluded.model_version, run_id = excluded.run_id,
        decided_by = excluded.decided_by, decided_at = excluded.decided_at
      where record_links.decision in ('REVIEW', 'NEW')
    `.execute(trx);
    await trx.deleteFrom('linkage_findings').where('run_id', '=', runId).execute();
    // Conflicts: the same NIK as a register member, with another birth date.
    await sql`
      insert into linkage_findings (run_id, partner_record_id, person_id, kind, detail)
      select ${runId}, r.id, p.id, 'SAME_NIK_DIFFERENT_BIRTH_DATE', jsonb_build_object('recordBirthDate', r.birth_date, 'registerBirthDate', p.birth_date)
      from linkage_run_results x join partner_records r on r.id = x.partner_record_id join persons p on p.nik = r.nik
      where x.run_id = ${runId} and r.birth_date is not null and r.birth_date <> p.birth_date
    `.execute(trx);
    // Conflicts: linked with a NIK that differs from the register's.
    await sql`
      insert into linkage_findings (run_id, partner_record_id, person_id, kind, detail)
      select ${runId}, r.id, p.id, 'LINKED_WITH_DIFFERENT_NIK', '{}'::jsonb
      from linkage_run_results x join partner_records r on r.id = x.partner_record_id join persons p on p.id = x.person_id
      where x.run_id = ${runId} and x.decision = 'LINKED' and r.nik is not null and p.nik is not null and r.nik <> p.nik
    `.execute(trx);
    // Data quality, to send back to the partner.
    await sql`
      insert into linkage_findings (run_id, partner_record_id, kind, detail)
      select ${runId}, r.id, f.kind, '{}'::jsonb
      from linkage_run_results x join partner_records r on r.id = x.partner_record_id
      cross join lateral (values
        (case when r.nik is not null and r.nik !~ '^[0-9]{16}$' then 'NIK_MALFORMED' end),
        (case when r.nik ~ '^[0-9]{16}$' and r.birth_date is not null
              and (substr(r.nik, 7, 2)::int % 40) || '-' || substr(r.nik, 9, 2) || '-' || substr(r.nik, 11, 2)
                  <> extract(day from r.birth_date)::int || '-' || to_char(r.birth_date, 'MM') || '-' || to_char(r.birth_date, 'YY')
              then 'NIK_BIRTH_DATE_MISMATCH' end),
        (case when r.nik ~ '^[0-9]{16}$' and r.sex is not null and (substr(r.nik, 7, 2)::int > 40) <> (r.sex = 'F') then 'NIK_SEX_MISMATCH' end),
        (case when r.nik is null then 'NIK_MISSING' end),
        (case when r.birth_date is null then 'BIRTH_DATE_MISSING' end),
        (case when r.full_name is null then 'NAME_MISSING' end)
      ) as f(kind)
      where x.run_id = ${runId} and f.kind is not null
    `.execute(trx);
    // Duplicates in a partner's own data: two of its records linked to one person.
    await sql`
      insert into linkage_findings (run_id, partner_record_id, person_id, kind, detail)
      select ${runId}, x.partner_record_id, x.person_id, 'DUPLICATE_IN_PARTNER_DATA', '{}'::jsonb
      from linkage_run_results x join partner_records r on r.id = x.partner_record_id
      where x.run_id = ${runId} and x.decision = 'LINKED' and exists (
        select 1 from record_links o join partner_records ro on ro.id = o.partner_record_id
        where o.person_id = x.person_id and o.partner_record_id <> x.partner_record_id and o.decision in ('LINKED', 'CONFIRMED')
          and ro.source_type = r.source_type and ro.partner_id is not distinct from r.partner_id)
    `.execute(trx);
    await trx.deleteFrom('linkage_run_results').where('run_id', '=', runId).execute();
    await trx
      .updateTable('linkage_runs')
      .set({ status: 'COMPLETED', completed_at: now, counts: JSON.stringify(counts) })
      .where('id', '=', runId)
      .execute();
    await store.audit(trx, 'LINKAGE_RUN_COMPLETED', { runId, modelVersion, ...counts }, actor, now);
  });
}

async function runCounts(ctx: AppContext, runId: string): Promise<Record<string, number>> {
  const run = await ctx.db.selectFrom('linkage_runs').select('counts').where('id', '=', runId).executeTakeFirstOrThrow();
  const findings = await ctx.db
    .selectFrom('linkage_findings')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', '=', runId)
    .groupBy('kind')
    .execute();
  return { ...(run.counts ?? {}), ...Object.fromEntries(findings.map((f) => [`finding:${f.kind}`, Number(f.n)])) };
}

/** The register against itself: pairs of persons that may be one, for officers to merge or dismiss. */
export async function runRegisterDuplicates(ctx: AppContext, actor: string): Promise<RunSummary> {
  const { version, model } = await currentModel(ctx, actor);
  const run = await startOrResume(ctx, 'REGISTER_DUPLICATES', version, actor);
  const left: LinkRecord[] = await store.registerRecords(ctx.db);
  const pairs: { a: string; b: string; weight: number; explanation: string }[] = [];
  if (left.length > 1) {
    const session = await runLinkageIsolated({
      left: { kind: 'records', records: left },
      ...(left.length >= MIN_RECORDS_TO_ESTIMATE ? { model } : {}),
    });
    try {
      for await (const chunk of session.decisions()) {
        for (const d of chunk) {
          const [a, b] = [d.leftId as string, d.rightId].sort() as [string, string];
          pairs.push({ a, b, weight: d.weight ?? 0, explanation: JSON.stringify(explain(session.model, d)) });
        }
      }
    } finally {
      session.close();
    }
  }
  const now = ctx.clock.now();
  const counts = { registerRecords: left.length, duplicatePairs: pairs.length };
  await ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < pairs.length; i += 500) {
      await trx
        .insertInto('duplicate_pairs')
        .values(
          pairs
            .slice(i, i + 500)
            .map((p) => ({ person_id: p.a, other_person_id: p.b, match_weight: p.weight, explanation: p.explanation, run_id: run.id })),
        )
        .onConflict((oc) =>
          oc.columns(['person_id', 'other_person_id']).doUpdateSet((eb) => ({
            match_weight: eb.ref('excluded.match_weight'),
            explanation: eb.ref('excluded.explanation'),
            run_id: eb.ref('excluded.run_id'),
          })),
        )
        .execute();
    }
    await trx
      .updateTable('linkage_runs')
      .set({ status: 'COMPLETED', completed_at: now, counts: JSON.stringify(counts) })
      .where('id', '=', run.id)
      .execute();
    await store.audit(trx, 'DUPLICATE_RUN_COMPLETED', { runId: run.id, ...counts }, actor, now);
  });
  return { runId: run.id, modelVersion: version, resumed: run.resumed, counts };
}
