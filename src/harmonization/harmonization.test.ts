import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { coverageOn } from '../contributions/service.ts';
import { syntheticNik } from '../identity/nik.ts';
import { fixedClock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import { listMemberHistory, registerMember } from '../membership/service.ts';
import { pmiRegistration } from '../testing/fixtures.ts';
import { createTestContext } from '../testing/harness.ts';
import { referenceModel } from './reference-model.ts';
import {
  decideReview,
  identityOf,
  importLegacyPolicies,
  listDuplicatePairs,
  listReviewQueue,
  matchRecord,
  mergePersons,
  runFindings,
  runningLegacyProtection,
  runPartnerLinkage,
  runRegisterDuplicates,
  showReviewCase,
  stagePartnerRecords,
  unmergePersons,
  unprotectedLeads,
} from './service.ts';
import { saveModel } from './store.ts';

type Ctx = AppContext & { close(): Promise<void> };

async function register(ctx: Ctx, person: { fullName: string; birthDate: string; sex: 'F' | 'M'; serial: number; passport?: string }) {
  const nik = syntheticNik('320405', person.birthDate, person.sex, person.serial);
  const body = pmiRegistration('DURING_PLACEMENT', {
    fullName: person.fullName,
    birthDate: person.birthDate,
    sex: person.sex,
    nik,
    ...(person.passport ? { passport: { number: person.passport, issuingCountry: 'ID', expiryDate: '2030-01-31' } } : {}),
  });
  const result = await registerMember(ctx, body, undefined);
  return { membershipNumber: result.membershipNumber, nik };
}

describe('harmonization in the database', () => {
  let ctx: Ctx;
  let siti: { membershipNumber: string; nik: string };
  let yusuf: { membershipNumber: string; nik: string };
  let wayan: { membershipNumber: string; nik: string };
  let firstRun: Awaited<ReturnType<typeof runPartnerLinkage>>;

  before(async () => {
    ctx = await createTestContext({ clock: fixedClock('2026-11-20T03:00:00Z') });
    siti = await register(ctx, { fullName: 'Siti Aminah', birthDate: '1990-01-05', sex: 'F', serial: 101, passport: 'C1000001' });
    yusuf = await register(ctx, { fullName: 'Muhammad Yusuf', birthDate: '1988-03-04', sex: 'M', serial: 102, passport: 'C1000002' });
    wayan = await register(ctx, { fullName: 'I Wayan Sudarsa', birthDate: '1980-07-17', sex: 'M', serial: 103, passport: 'C1000003' });
    await register(ctx, { fullName: 'Rina Wulandari', birthDate: '1995-02-14', sex: 'F', serial: 104 });
    await stagePartnerRecords(ctx, [
      // NIK and passport: certain.
      {
        sourceType: 'SELF_REPORT',
        sourceReference: 'SR-1',
        nik: siti.nik,
        fullName: 'Hj. Siti Aminah',
        birthDate: '1990-01-05',
        sex: 'F',
        passportNumber: 'C1000001',
        destinationCountry: 'HK',
      },
      // No NIK, renewed passport, name spelled otherwise, day and month swapped: for an officer.
      {
        sourceType: 'DEPARTURE',
        sourceReference: 'DP-7',
        fullName: 'Moh. Jusuf',
        birthDate: '1988-04-03',
        sex: 'M',
        passportNumber: 'E9999999',
      },
      // Nobody in the register: a lead.
      {
        sourceType: 'SELF_REPORT',
        sourceReference: 'SR-2',
        fullName: 'Tigor Siregar',
        birthDate: '1992-12-01',
        sex: 'M',
        destinationCountry: 'KR',
      },
      // The NIK of Wayan with another birth date: a conflict.
      {
        sourceType: 'EMBASSY_REGISTRATION',
        sourceReference: 'EM-3',
        nik: wayan.nik,
        fullName: 'Wayan Sudarsa',
        birthDate: '1980-07-18',
        sex: 'M',
        destinationCountry: 'HK',
      },
      // A malformed NIK: a data-quality finding for the partner.
      {
        sourceType: 'SELF_REPORT',
        sourceReference: 'SR-3',
        nik: '32-04',
        fullName: 'Dewi Lestari',
        birthDate: '1999-09-09',
        sex: 'F',
        destinationCountry: 'TW',
      },
    ]);
    // The model of a register of 200,000 (the prior that two records are one person depends on its size).
    await saveModel(ctx.db, referenceModel(200_000), { reference: true }, 'user:test');
    firstRun = await runPartnerLinkage(ctx, 'user:test');
  });
  after(() => ctx.close());

  async function linkOf(reference: string) {
    return ctx.db
      .selectFrom('record_links as l')
      .innerJoin('partner_records as r', 'r.id', 'l.partner_record_id')
      .leftJoin('memberships as m', 'm.person_id', 'l.person_id')
      .select(['l.partner_record_id', 'l.decision', 'l.match_weight', 'l.explanation', 'm.membership_number'])
      .where('r.source_reference', '=', reference)
      .executeTakeFirstOrThrow();
  }

  it('links a certain record automatically and explains the link field by field', async () => {
    const link = await linkOf('SR-1');
    assert.equal(link.decision, 'LINKED');
    assert.equal(link.membership_number, siti.membershipNumber);
    const fields = Object.fromEntries((link.explanation ?? []).map((e) => [e.field, e.level]));
    assert.equal(fields.nik, 'EXACT');
    assert.equal(fields.name, 'EXACT');
  });

  it('queues a likely but uncertain pair for review, and leaves an unknown person new', async () => {
    const review = await linkOf('DP-7');
    assert.equal(review.decision, 'REVIEW');
    assert.equal(review.membership_number, yusuf.membershipNumber);
    assert.equal((await linkOf('SR-2')).decision, 'NEW');
    assert.equal(firstRun.counts.partnerRecords, 5);
    assert.equal((firstRun.counts.linked ?? 0) + (firstRun.counts.review ?? 0) + (firstRun.counts.new ?? 0), 5);
  });

  it('reports conflicts and data-quality findings of the run', async () => {
    const findings = await runFindings(ctx, firstRun.runId, {});
    const kinds = findings.items.map((f) => `${f.sourceReference}:${f.kind}`);
    assert.ok(kinds.includes('EM-3:SAME_NIK_DIFFERENT_BIRTH_DATE'), kinds.join());
    assert.ok(kinds.includes('SR-3:NIK_MALFORMED'), kinds.join());
    assert.ok(kinds.includes('DP-7:NIK_MISSING'), kinds.join());
    assert.equal(firstRun.counts['finding:SAME_NIK_DIFFERENT_BIRTH_DATE'], 1);
  });

  it('lists partner-reported PMI without protection by country', async () => {
    const leads = await unprotectedLeads(ctx, { country: 'KR' });
    assert.deepEqual(leads.items, [{ country: 'KR', partnerCode: null, notRegistered: 1, notActive: 0 }]);
  });

  it('shows the pair to review side by side with the field weights, and keeps the decision as a label', async () => {
    const queue = await listReviewQueue(ctx, {});
    const item = queue.items.find((i) => i.candidateMembershipNumber === yusuf.membershipNumber);
    assert.ok(item);
    const pair = await showReviewCase(ctx, item.partnerRecordId, { actor: 'user:officer', requestId: 'req-review-1', at: new Date() });
    const logged = await ctx.db
      .selectFrom('access_log as a')
      .innerJoin('memberships as m', 'm.id', 'a.membership_id')
      .select(['a.actor', 'a.action', 'm.membership_number'])
      .where('a.request_id', '=', 'req-review-1')
      .execute();
    assert.deepEqual(logged, [{ actor: 'user:officer', action: 'member.read.review', membership_number: yusuf.membershipNumber }]);
    assert.equal(pair.partnerRecord.fullName, 'Moh. Jusuf');
    assert.equal(pair.member?.fullName, 'Muhammad Yusuf');
    assert.equal(pair.fields.find((f) => f.field === 'name')?.level, 'EXACT');
    assert.equal(pair.fields.find((f) => f.field === 'birthDate')?.level, 'DAY_MONTH_SWAPPED');
    assert.equal(pair.fields.find((f) => f.field === 'passport')?.level, 'DIFFERENT');
    assert.ok((pair.fields.find((f) => f.field === 'passport')?.weight ?? 0) < 0);
    assert.ok((pair.fields.find((f) => f.field === 'name')?.weight ?? 0) > 0);

    const decided = await decideReview(ctx, item.partnerRecordId, true, 'user:officer');
    assert.equal(decided.decision, 'CONFIRMED');
    const labels = await ctx.db.selectFrom('review_labels').selectAll().where('partner_record_id', '=', item.partnerRecordId).execute();
    assert.deepEqual(
      labels.map((l) => [l.is_match, l.decided_by]),
      [[true, 'user:officer']],
    );
    await assert.rejects(
      decideReview(ctx, item.partnerRecordId, false, 'user:other'),
      (e: unknown) => e instanceof DomainError && e.code === 'ALREADY_DECIDED',
    );
    assert.equal(
      (await listReviewQueue(ctx, {})).items.some((i) => i.partnerRecordId === item.partnerRecordId),
      false,
    );
  });

  it('lets an officer overturn an automatic link, as a no-match label', async () => {
    const link = await linkOf('SR-1');
    await decideReview(ctx, link.partner_record_id, false, 'user:officer');
    assert.equal((await linkOf('SR-1')).decision, 'REJECTED');
    const label = await ctx.db
      .selectFrom('review_labels')
      .select('is_match')
      .where('partner_record_id', '=', link.partner_record_id)
      .executeTakeFirstOrThrow();
    assert.equal(label.is_match, false);
  });

  it('does not change officers’ decisions or automatic links when run again', async () => {
    const before = await linkOf('DP-7');
    const open = await ctx.db.selectFrom('record_links').select('partner_record_id').where('decision', 'in', ['REVIEW', 'NEW']).execute();
    const again = await runPartnerLinkage(ctx, 'user:test');
    assert.equal(again.counts.partnerRecords, open.length); // only the records left to review or as new
    assert.equal((await linkOf('DP-7')).decision, before.decision);
    assert.equal((await linkOf('SR-1')).decision, 'REJECTED');
  });

  it('resumes an interrupted run: nothing was applied, and the same run completes once', async () => {
    await stagePartnerRecords(ctx, [
      { sourceType: 'SELF_REPORT', sourceReference: 'SR-9', nik: yusuf.nik, fullName: 'Muhammad Yusuf', birthDate: '1988-03-04', sex: 'M' },
    ]);
    // A process that died after writing part of its results: the run is RUNNING, the links are untouched.
    const interrupted = await ctx.db
      .insertInto('linkage_runs')
      .values({ kind: 'PARTNER_RECORDS', status: 'RUNNING', started_by: 'user:test', counts: 'null' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const record = await ctx.db.selectFrom('partner_records').select('id').where('source_reference', '=', 'SR-9').executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('linkage_run_results')
      .values({
        run_id: interrupted.id,
        partner_record_id: record.id,
        person_id: null,
        decision: 'NEW',
        match_weight: null,
        explanation: 'null',
      })
      .execute();
    assert.equal(
      await ctx.db.selectFrom('record_links').select('decision').where('partner_record_id', '=', record.id).executeTakeFirst(),
      undefined,
    );

    const resumed = await runPartnerLinkage(ctx, 'user:test');
    assert.equal(resumed.runId, interrupted.id);
    assert.equal(resumed.resumed, true);
    assert.equal((await linkOf('SR-9')).decision, 'LINKED');
    const runs = await ctx.db.selectFrom('linkage_runs').select('status').where('id', '=', interrupted.id).executeTakeFirstOrThrow();
    assert.equal(runs.status, 'COMPLETED');
    const leftover = await ctx.db.selectFrom('linkage_run_results').select('run_id').execute();
    assert.equal(leftover.length, 0);
  });

  it('matches one incoming record against the register online with the stored model', async () => {
    const match = await matchRecord(ctx, {
      nik: null,
      name: 'SITI AMINAH BINTI SALIM',
      sex: 'F',
      birthDate: '1991-01-05',
      passport: 'C1000001',
      phone: null,
      country: 'HK',
      region: null,
    });
    assert.equal(match.candidates[0]?.membershipNumber, siti.membershipNumber);
    assert.equal(match.decision, 'LINKED');
    assert.equal(match.candidates[0]?.fields.find((f) => f.field === 'birthDate')?.level, 'YEAR_OFF_BY_ONE');
    const nobody = await matchRecord(ctx, {
      nik: null,
      name: 'Hotman Nainggolan',
      sex: 'M',
      birthDate: '1970-06-06',
      passport: null,
      phone: null,
      country: null,
      region: null,
    });
    assert.equal(nobody.decision, 'NEW');
    // No NIK, no passport, a birth date no variant explains: the phone line (written the
    // local way) still finds the person.
    const byPhone = await matchRecord(ctx, {
      nik: null,
      name: 'Muhammad Yusuf',
      sex: 'M',
      birthDate: '1979-01-01',
      passport: null,
      phone: '0812-3456-7890',
      country: null,
      region: null,
    });
    assert.equal(byPhone.candidates[0]?.membershipNumber, yusuf.membershipNumber);
    assert.equal(byPhone.candidates[0]?.fields.find((f) => f.field === 'phone')?.level, 'EXACT');
  });

  it('merges two identities without changing either membership number, audited, and undoes it', async () => {
    const twin = await register(ctx, { fullName: 'Siti Aminah', birthDate: '1990-01-05', sex: 'F', serial: 105 });
    const duplicates = await runRegisterDuplicates(ctx, 'user:test');
    assert.ok((duplicates.counts.duplicatePairs ?? 0) >= 1);
    const open = await listDuplicatePairs(ctx);
    assert.ok(
      open.items.some((p) => [...p.membershipNumbers].sort().join() === [siti.membershipNumber, twin.membershipNumber].sort().join()),
    );

    const { mergeId } = await mergePersons(
      ctx,
      { membershipNumber: twin.membershipNumber, intoMembershipNumber: siti.membershipNumber, reason: 'Registered twice' },
      'user:supervisor',
    );
    const merged = await identityOf(ctx, twin.membershipNumber);
    assert.equal(merged.membershipNumber, siti.membershipNumber);
    assert.deepEqual(
      merged.merged.map((m) => m.membershipNumber),
      [twin.membershipNumber],
    );
    const numbers = await ctx.db
      .selectFrom('memberships')
      .select('membership_number')
      .where('membership_number', 'in', [twin.membershipNumber, siti.membershipNumber])
      .execute();
    assert.equal(numbers.length, 2, 'both membership numbers still exist');
    await assert.rejects(
      mergePersons(
        ctx,
        { membershipNumber: twin.membershipNumber, intoMembershipNumber: yusuf.membershipNumber, reason: 'again' },
        'user:supervisor',
      ),
      (e: unknown) => e instanceof DomainError && e.code === 'ALREADY_MERGED',
    );

    await unmergePersons(ctx, mergeId, 'Twins after all', 'user:supervisor');
    assert.equal((await identityOf(ctx, twin.membershipNumber)).membershipNumber, twin.membershipNumber);
    await assert.rejects(
      unmergePersons(ctx, mergeId, 'twice', 'user:supervisor'),
      (e: unknown) => e instanceof DomainError && e.code === 'ALREADY_UNMERGED',
    );
    const audit = await ctx.db
      .selectFrom('harmonization_audit')
      .select(['action', 'actor'])
      .where('action', 'in', ['PERSON_MERGED', 'PERSON_UNMERGED'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['PERSON_MERGED', 'PERSON_UNMERGED'],
    );
    await assert.rejects(sql`delete from harmonization_audit`.execute(ctx.db));
    // Both members' histories tell it, with who did it.
    for (const member of [twin, siti]) {
      const history = await listMemberHistory(ctx, member.membershipNumber, { limit: 100 }, undefined);
      assert.deepEqual(
        history.items.filter((e) => e.type.startsWith('PERSON_')).map((e) => [e.type, e.actor, e.data.mergeId]),
        [
          ['PERSON_MERGED', 'user:supervisor', mergeId],
          ['PERSON_UNMERGED', 'user:supervisor', mergeId],
        ],
      );
    }
  });

  it('imports a legacy consortium file, links its policy holders and carries over running protection', async () => {
    const jasindo = [
      'NO_POLIS;NAMA_TERTANGGUNG;NO_KTP;TGL_LAHIR;JENIS_KELAMIN;NO_PASPOR;NEGARA_TUJUAN;TGL_MULAI;TGL_AKHIR',
      `JS-2016-0001;MOEHAMAD JOESOEF;${yusuf.nik};04/03/1988;L;;HONG KONG;01/06/2016;31/05/2027`,
      'JS-2016-0002;NJOMAN ARTAWAN;;12/12/1985;L;;MALAYSIA;01/01/2016;31/12/2017',
    ].join('\n');
    const result = await importLegacyPolicies(ctx, 'JASINDO', jasindo, 'user:officer');
    assert.deepEqual(result, { consortium: 'JASINDO', policies: 2, imported: 2, alreadyImported: 0 });
    assert.equal((await importLegacyPolicies(ctx, 'JASINDO', jasindo, 'user:officer')).alreadyImported, 2);
    await runPartnerLinkage(ctx, 'user:test');
    const running = await runningLegacyProtection(ctx, '2026-11-20');
    assert.deepEqual(
      running.items.map((r) => [r.membershipNumber, r.policyNumber, r.coverTo]),
      [[yusuf.membershipNumber, 'JS-2016-0001', '2027-05-31']],
    );
    // The coverage answer (what claims consult) honours it for the risks it insured, until it ends.
    const jkk = await coverageOn(ctx, yusuf.membershipNumber, { program: 'JKK', date: '2026-11-20' }, undefined);
    assert.equal(jkk.covered, true);
    assert.equal(jkk.reason.code, 'LEGACY_POLICY');
    assert.deepEqual(jkk.reason.legacyPolicy, { consortium: 'JASINDO', policyNumber: 'JS-2016-0001' });
    assert.deepEqual(jkk.reason.period, { from: '2016-06-01', to: '2027-05-31' });
    const jht = await coverageOn(ctx, yusuf.membershipNumber, { program: 'JHT', date: '2026-11-20' }, undefined);
    assert.equal(jht.covered, false);
    const afterwards = await coverageOn(ctx, yusuf.membershipNumber, { program: 'JKM', date: '2027-06-01' }, undefined);
    assert.deepEqual([afterwards.covered, afterwards.reason.code], [false, 'NO_PAID_PERIOD']);
  });

  it('refuses a legacy file with bad rows, naming every one, and stores nothing', async () => {
    const astindo = [
      'policy_no,insured_name,id_number,date_of_birth,gender,passport_no,country_code,start_date,end_date',
      'AST-1,Siti Aminah,,1990-01-05,F,,MY,2016-03-01,2018-02-28',
      'AST-2,,,19900105,F,,MY,2016-03-01,2015-02-28',
    ].join('\n');
    const error = await importLegacyPolicies(ctx, 'ASTINDO', astindo, 'user:officer').catch((e: unknown) => e);
    assert.ok(error instanceof DomainError);
    assert.deepEqual(
      error.issues.map((i) => i.pointer),
      ['/rows/2/date_of_birth', '/rows/3/name', '/rows/3/end_date'],
    );
    const stored = await ctx.db.selectFrom('legacy_policies').select('id').where('consortium', '=', 'ASTINDO').execute();
    assert.equal(stored.length, 0);
  });
});
