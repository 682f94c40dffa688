import { parse } from 'csv-parse/sync';
import type { AppContext } from '../context.ts';
import { type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { type LegacyPolicy, legacyLayouts, legacyRowIssues } from './legacy-layouts.ts';
import * as store from './store.ts';
import type { Consortium } from './tables.ts';

/**
 * Imports a consortium's policy file in its own layout: every policy becomes a partner
 * record (source LEGACY_POLICY) that the next linkage run links to a person, and a legacy
 * policy carrying its cover dates. All rows are checked first; nothing is stored when
 * any is wrong. A policy already imported is skipped.
 */
export async function importLegacyPolicies(ctx: Pick<AppContext, 'db' | 'clock'>, consortium: Consortium, text: string, actor: string) {
  const layout = legacyLayouts[consortium];
  const content = text.replace(/^\uFEFF/, '');
  let rows: Record<string, string>[];
  try {
    rows = parse(content, {
      delimiter: layout.delimiter,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as Record<string, string>[];
  } catch (error) {
    throw invalidInput([
      issue(
        '/file',
        'MALFORMED_FILE',
        `The file cannot be read as ${consortium}'s layout: ${(error as Error).message}`,
        `Berkas tidak dapat dibaca dengan format ${consortium}: ${(error as Error).message}`,
      ),
    ]);
  }
  const header =
    content
      .split(/\r?\n/, 1)[0]
      ?.split(layout.delimiter)
      .map((c) => c.trim()) ?? [];
  const missing = layout.columns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw invalidInput(
      missing.map((c) =>
        issue(
          `/columns/${c}`,
          'MISSING_COLUMN',
          `${consortium}'s layout has a column ${c}; the file does not.`,
          `Format ${consortium} memiliki kolom ${c}; berkas ini tidak.`,
        ),
      ),
    );
  }
  if (rows.length === 0) throw invalidInput([issue('/file', 'EMPTY_FILE', 'The file has no policies.', 'Berkas tidak memuat polis.')]);
  const issues: FieldIssue[] = [];
  const policies: LegacyPolicy[] = [];
  rows.forEach((row, i) => {
    const { policy, problems } = layout.parse(row);
    issues.push(...legacyRowIssues(i + 2, problems));
    if (policy) policies.push(policy);
  });
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    if (seen.has(p.policyNumber))
      issues.push(
        issue(
          `/rows/${i + 2}/policy`,
          'DUPLICATE_POLICY',
          `Policy ${p.policyNumber} appears twice.`,
          `Polis ${p.policyNumber} muncul dua kali.`,
        ),
      );
    seen.add(p.policyNumber);
  });
  if (issues.length > 0) throw invalidInput(issues);

  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    let imported = 0;
    for (let start = 0; start < policies.length; start += 500) {
      const chunk = policies.slice(start, start + 500);
      const records = await trx
        .insertInto('partner_records')
        .values(
          chunk.map((p) => ({
            source_type: 'LEGACY_POLICY' as const,
            partner_id: null,
            source_reference: `${consortium}:${p.policyNumber}`,
            nik: p.nik,
            full_name: p.fullName,
            birth_date: p.birthDate,
            sex: p.sex,
            passport_number: p.passportNumber?.toUpperCase() ?? null,
            phone: null,
            destination_country: p.destinationCountry,
            birth_region: null,
            details: JSON.stringify({
              consortium,
              policyNumber: p.policyNumber,
              birthPlace: p.birthPlace,
              coverFrom: p.coverFrom,
              coverTo: p.coverTo,
            }),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'source_reference'])
        .execute();
      const byReference = new Map(records.map((r) => [r.source_reference, r.id]));
      const fresh = chunk.filter((p) => byReference.has(`${consortium}:${p.policyNumber}`));
      if (fresh.length > 0) {
        await trx
          .insertInto('legacy_policies')
          .values(
            fresh.map((p) => ({
              consortium,
              policy_number: p.policyNumber,
              partner_record_id: byReference.get(`${consortium}:${p.policyNumber}`) as string,
              cover_from: p.coverFrom,
              cover_to: p.coverTo,
              destination_country: p.destinationCountry,
              imported_by: actor,
            })),
          )
          .execute();
      }
      imported += fresh.length;
    }
    await store.audit(trx, 'LEGACY_POLICIES_IMPORTED', { consortium, policies: policies.length, imported }, actor, now);
    return { consortium, policies: policies.length, imported, alreadyImported: policies.length - imported };
  });
}

/**
 * Protection still running under a legacy policy on `date`, carried over to the person it
 * is linked to: what a claim or a coverage check must honour until the policy's end.
 */
export async function runningLegacyProtection(
  ctx: Pick<AppContext, 'db'>,
  date: string,
  options: { membershipNumber?: string | undefined } = {},
) {
  let query = ctx.db
    .selectFrom('legacy_policies as lp')
    .innerJoin('record_links as l', 'l.partner_record_id', 'lp.partner_record_id')
    .leftJoin('person_merges as pm', (join) => join.onRef('pm.person_id', '=', 'l.person_id').on('pm.unmerged_at', 'is', null))
    .innerJoin('memberships as m', (join) => join.on((eb) => eb('m.person_id', '=', eb.fn.coalesce('pm.into_person_id', 'l.person_id'))))
    .select(['lp.consortium', 'lp.policy_number', 'lp.cover_from', 'lp.cover_to', 'lp.destination_country', 'm.membership_number'])
    .where('l.decision', 'in', ['LINKED', 'CONFIRMED'])
    .where('lp.cover_from', '<=', date)
    .where('lp.cover_to', '>=', date);
  if (options.membershipNumber) query = query.where('m.membership_number', '=', options.membershipNumber);
  const rows = await query.orderBy('m.membership_number').orderBy('lp.cover_to').execute();
  return {
    items: rows.map((r) => ({
      membershipNumber: r.membership_number,
      consortium: r.consortium,
      policyNumber: r.policy_number,
      coverFrom: r.cover_from,
      coverTo: r.cover_to,
      destinationCountry: r.destination_country,
    })),
  };
}
