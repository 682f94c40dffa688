import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareRecords, comparisonFields, prepareRecord } from './comparisons.ts';
import { type DecisionRow, type LinkageSession, runLinkage } from './duckdb-engine.ts';
import { quality } from './evaluate.ts';
import { estimateModel, estimateU, type PatternCount } from './model.ts';
import { syntheticDataset } from './synthetic.ts';

const dataset = syntheticDataset({ seed: 7, members: 4000, partnerRecords: 3600 });
const members = Array.from({ length: dataset.members }, (_, i) => dataset.member(i));
const partner = Array.from({ length: dataset.partnerRecords }, (_, j) => dataset.partnerRecord(j));
const truth = new Map(partner.filter((p) => p.truth !== null).map((p) => [p.record.id, p.truth as string]));

async function allDecisions(session: LinkageSession): Promise<DecisionRow[]> {
  const rows: DecisionRow[] = [];
  for await (const chunk of session.decisions()) rows.push(...chunk);
  return rows;
}

describe('the batch linkage engine on a small labelled set', () => {
  let session: LinkageSession;
  let decisions: DecisionRow[];
  before(async () => {
    session = await runLinkage({
      left: { kind: 'records', records: members },
      right: { kind: 'records', records: partner.map((p) => p.record) },
    });
    decisions = await allDecisions(session);
  });
  after(() => session.close());

  it('estimates a model whose automatic links are precise and find nearly every match', () => {
    const links = decisions.filter((d) => d.decision === 'LINKED').map((d) => ({ leftId: d.leftId as string, rightId: d.rightId }));
    const q = quality(links, truth);
    assert.ok(q.precision >= 0.995, `precision ${q.precision}`);
    assert.ok(q.recall >= 0.95, `recall ${q.recall}`);
    assert.ok(session.model.training.converged);
  });

  it('decides every partner record once: linked, to review, or new', () => {
    assert.equal(decisions.length, partner.length);
    assert.equal(new Set(decisions.map((d) => d.rightId)).size, partner.length);
    const linkedLeft = decisions.filter((d) => d.leftId !== null).map((d) => d.leftId);
    assert.equal(new Set(linkedLeft).size, linkedLeft.length, 'a register record is linked to at most one partner record');
    assert.equal(session.counts.linked + session.counts.review + session.counts.new, partner.length);
  });

  it('learns that agreeing NIKs weigh more than agreeing sexes', () => {
    const weight = (field: 'nik' | 'sex') => Math.log2((session.model.m[field][1] as number) / (session.model.u[field][1] as number));
    assert.ok(weight('nik') > 15, `nik ${weight('nik')}`);
    assert.ok(weight('sex') < 2, `sex ${weight('sex')}`);
  });

  it('computes in SQL the same comparison levels as the JavaScript comparisons', () => {
    const byId = new Map([...members, ...partner.map((p) => p.record)].map((r) => [r.id, r]));
    let compared = 0;
    for (const d of decisions) {
      if (d.leftId === null || d.levels === null) continue;
      const expected = compareRecords(prepareRecord(byId.get(d.leftId)!), prepareRecord(byId.get(d.rightId)!));
      assert.deepEqual(d.levels, expected, `${d.leftId} ↔ ${d.rightId}`);
      compared++;
    }
    assert.ok(compared > 2000);
  });

  it('finds duplicates within one register', async () => {
    const twin = { ...members[10]!, id: 'DUP-1', passport: null, phone: null };
    const dedupe = await runLinkage({ left: { kind: 'records', records: [...members.slice(0, 1500), twin] } });
    try {
      const pairs = await allDecisions(dedupe);
      assert.ok(
        pairs.some((p) => [p.leftId, p.rightId].sort().join() === [members[10]!.id, 'DUP-1'].sort().join() && p.decision === 'LINKED'),
      );
    } finally {
      dedupe.close();
    }
  });
});

describe('expectation–maximisation', () => {
  const u = estimateU(
    Object.fromEntries(
      comparisonFields.map((f) => [
        f,
        f === 'nik'
          ? [0, 1, 1, 100_000]
          : f === 'name'
            ? [0, 100, 100, 100, 1000, 100_000]
            : f === 'birthDate'
              ? [0, 10, 10, 10, 100, 100_000]
              : f === 'sex'
                ? [0, 50_000, 50_000]
                : f === 'region' || f === 'passport'
                  ? [0, 10, 10, 100_000]
                  : [0, 10, 100_000],
      ]),
    ) as never,
  );

  it('learns m in sessions that leave out the fields their block fixes, and the share of matches', () => {
    // 800 matches agree on NIK, name and birth date; 200 non-matches share only a birth date and a name.
    const matches: PatternCount[] = [
      { levels: [1, 0, 0, 1, 1, 1, 0, 0], count: 700 },
      { levels: [1, 0, 0, 2, 1, 1, 0, 0], count: 100 },
    ];
    const strangers: PatternCount[] = [{ levels: [3, 0, 0, 1, 1, 2, 0, 0], count: 200 }];
    const model = estimateModel(
      [
        { patterns: matches, blockedFields: ['nik'] },
        { patterns: [matches[0] as PatternCount, ...strangers], blockedFields: ['name', 'birthDate'] },
      ],
      [...matches, ...strangers],
      u,
      { comparablePairs: 1_000_000 },
    );
    assert.ok(Math.abs((model.m.name[1] as number) - 0.875) < 0.02, `m(name exact) ${model.m.name[1]}`);
    assert.ok((model.m.nik[3] as number) < 0.05, `m(nik different) ${model.m.nik[3]}`);
    assert.ok(Math.abs(model.expectedMatches - 800) < 10, `expected matches ${model.expectedMatches}`);
  });

  it('holds officers’ decisions as known answers', () => {
    const patterns: PatternCount[] = [
      { levels: [0, 0, 0, 4, 1, 1, 0, 0], count: 30, label: 1 },
      { levels: [0, 0, 0, 4, 1, 1, 0, 0], count: 70, label: 0 },
    ];
    const model = estimateModel([{ patterns, blockedFields: [] }], patterns, u, { comparablePairs: 1000 });
    assert.equal(Math.round(model.expectedMatches), 30);
    assert.ok((model.m.name[4] as number) > 0.9999);
    assert.equal(model.training.labels, 2);
  });
});
