import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CalculationInput, type ClaimFacts, calculate, type MemberFacts } from './calculation.ts';
import { type BenefitRule, claimRegulationById, claimRegulationInForce, listClaimRegulations } from './regulations.ts';
import { type ClaimType, claimTypes, figureStatuses } from './rules.ts';

const pmi2023 = claimRegulationById('PERMENAKER-4-2023-BENEFITS');
const pmi2018 = claimRegulationById('PERMENAKER-18-2018-BENEFITS');
const general = claimRegulationById('PP-44-2015-JKK-JKM');
const jht = claimRegulationById('PP-46-2015-JHT');

function member(overrides: Partial<MemberFacts> = {}): MemberFacts {
  return {
    segment: 'PMI',
    birthDate: '1990-01-01',
    nationality: 'ID',
    membershipStart: '2020-01-01',
    pmiPhaseOnEvent: 'DURING_PLACEMENT',
    placementOpen: true,
    jhtBalance: null,
    jhtBalanceUnconfirmed: false,
    wageOnRecord: null,
    ...overrides,
  };
}

function run(claimType: ClaimType, facts: Partial<ClaimFacts>, memberFacts: Partial<MemberFacts> = {}, claimDate = '2026-06-01') {
  const input: CalculationInput = { claimType, claimDate, facts: { eventDate: '2026-05-01', ...facts }, member: member(memberFacts) };
  return calculate(input);
}

function rule<K extends BenefitRule['kind']>(regulationId: string, type: ClaimType, kind: K): Extract<BenefitRule, { kind: K }> {
  const found = claimRegulationById(regulationId)?.benefits[type];
  assert.equal(found?.kind, kind, `${regulationId} ${type}`);
  return found as Extract<BenefitRule, { kind: K }>;
}

describe('the regulation table', () => {
  it('names a source and a known status for every figure, and every regulation has a title and an article', () => {
    const figures: Array<{ status: string; source: string }> = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const v = value as Record<string, unknown>;
        if ('value' in v && 'status' in v && 'source' in v) figures.push(v as { status: string; source: string });
        else Object.values(v).forEach(walk);
      }
    };
    for (const regulation of listClaimRegulations()) {
      assert.ok(regulation.source.title && regulation.source.article, regulation.id);
      walk(regulation.benefits);
    }
    assert.ok(figures.length > 50);
    for (const figure of figures) {
      assert.ok((figureStatuses as readonly string[]).includes(figure.status));
      assert.ok(figure.source.length > 5);
    }
  });

  it('prices PMI events from 22 February 2023 under Permenaker 4/2023 and earlier ones under 18/2018', () => {
    assert.equal(claimRegulationInForce('PMI', '2023-02-21')?.id, 'PERMENAKER-18-2018-BENEFITS');
    assert.equal(claimRegulationInForce('PMI', '2023-02-22')?.id, 'PERMENAKER-4-2023-BENEFITS');
    assert.equal(
      run(
        'PMI_FAILED_DEPARTURE',
        { eventDate: '2022-05-01', cause: 'OTHER_NOT_WORKERS_FAULT' },
        { pmiPhaseOnEvent: 'BEFORE_PLACEMENT' },
        '2022-06-01',
      ).total,
      7_500_000,
    );
    assert.equal(
      run('PMI_FAILED_DEPARTURE', { cause: 'OTHER_NOT_WORKERS_FAULT' }, { pmiPhaseOnEvent: 'BEFORE_PLACEMENT' }).total,
      10_000_000,
    );
  });
});

describe('JHT', () => {
  it('pays the whole balance at 56, flagged by the status of its figures', () => {
    const result = run('JHT_FULL', { eventDate: '2026-01-01', jhtReason: 'AGE_56' }, { birthDate: '1970-01-01', jhtBalance: 12_345_678 });
    assert.equal(result.eligible, true);
    assert.equal(result.total, 12_345_678);
    assert.equal(rule('PP-46-2015-JHT', 'JHT_FULL', 'JHT_BALANCE').reasons.AGE_56.value.minimumAge, 56);
    const unconfirmed = run(
      'JHT_FULL',
      { eventDate: '2026-01-01', jhtReason: 'AGE_56' },
      { birthDate: '1970-01-01', jhtBalance: 100, jhtBalanceUnconfirmed: true },
    );
    assert.equal(unconfirmed.lines[0]?.status, 'UNCONFIRMED');
  });

  it('pays after stopping work only once the month of waiting is over', () => {
    const early = run('JHT_FULL', { eventDate: '2026-05-15', jhtReason: 'END_OF_MEMBERSHIP' }, { jhtBalance: 1_000_000 }, '2026-06-14');
    assert.deepEqual(
      early.refusals.map((r) => r.code),
      ['WAITING_PERIOD'],
    );
    assert.equal(early.refusals[0]?.status, 'SECONDARY');
    const late = run('JHT_FULL', { eventDate: '2026-05-15', jhtReason: 'END_OF_MEMBERSHIP' }, { jhtBalance: 1_000_000 }, '2026-06-15');
    assert.equal(late.total, 1_000_000);
  });

  it('pays a foreign national leaving Indonesia for good, and refuses a citizen', () => {
    assert.equal(
      run('JHT_FULL', { jhtReason: 'LEFT_INDONESIA' }, { segment: 'FOREIGN_WORKER', nationality: 'KR', jhtBalance: 900 }).total,
      900,
    );
    assert.equal(
      run('JHT_FULL', { jhtReason: 'LEFT_INDONESIA' }, { segment: 'PU', jhtBalance: 900 }).refusals[0]?.code,
      'FOREIGN_NATIONALS_ONLY',
    );
  });

  it('pays a PMI whose placement has ended, and not while one is open', () => {
    assert.equal(run('JHT_FULL', { jhtReason: 'PLACEMENT_ENDED' }, { placementOpen: false, jhtBalance: 800 }).total, 800);
    assert.equal(
      run('JHT_FULL', { jhtReason: 'PLACEMENT_ENDED' }, { placementOpen: true, jhtBalance: 800 }).refusals[0]?.code,
      'PLACEMENT_NOT_ENDED',
    );
  });

  it('pays death and permanent total disability whatever the age', () => {
    assert.equal(run('JHT_FULL', { jhtReason: 'DEATH' }, { jhtBalance: 5 }).total, 5);
    assert.equal(run('JHT_FULL', { jhtReason: 'PERMANENT_TOTAL_DISABILITY' }, { jhtBalance: 7 }).total, 7);
  });

  it('pays 30 % for housing and 10 % otherwise after 10 years of membership, rounded down', () => {
    const share = rule('PP-46-2015-JHT', 'JHT_PARTIAL', 'JHT_SHARE');
    assert.equal(share.shareBps.HOUSING.value, 3000);
    assert.equal(share.shareBps.OTHER.value, 1000);
    const housing = run('JHT_PARTIAL', { partialPurpose: 'HOUSING' }, { membershipStart: '2016-06-01', jhtBalance: 10_000_003 });
    assert.equal(housing.total, 3_000_000);
    const other = run('JHT_PARTIAL', { partialPurpose: 'OTHER' }, { membershipStart: '2016-06-01', jhtBalance: 10_000_009 });
    assert.equal(other.total, 1_000_000);
    const short = run('JHT_PARTIAL', { partialPurpose: 'OTHER' }, { membershipStart: '2016-06-02', jhtBalance: 10_000_000 });
    assert.equal(short.refusals[0]?.code, 'MEMBERSHIP_TOO_SHORT');
  });

  it('refuses an empty account', () => {
    assert.equal(run('JHT_FULL', { jhtReason: 'DEATH' }, { jhtBalance: 0 }).refusals[0]?.code, 'NO_BALANCE');
    assert.ok(jht);
  });
});

describe('JKK', () => {
  it('pays medical care and return to work as invoiced, each invoice a line', () => {
    const result = run('JKK_MEDICAL', {
      invoices: [
        { reference: 'A', date: '2026-05-01', amount: 1_000_000 },
        { reference: 'B', date: '2026-05-03', amount: 250_500 },
      ],
    });
    assert.deepEqual(
      result.lines.map((l) => l.amount),
      [1_000_000, 250_500],
    );
    assert.equal(result.total, 1_250_500);
    assert.equal(result.unconfirmed, true);
    assert.equal(run('JKK_RETURN_TO_WORK', { invoices: [{ reference: 'R', date: '2026-05-02', amount: 700_000 }] }).total, 700_000);
  });

  it('pays wages during incapacity at 100 % for the first 12 months and 50 % after, on the daily wage', () => {
    const replacement = rule('PP-44-2015-JKK-JKM', 'JKK_TEMPORARY_INCAPACITY', 'WAGE_REPLACEMENT');
    const [first, second] = replacement.stretches;
    assert.equal(first?.shareBps.value, 10_000);
    assert.equal(second?.shareBps.value, 5_000);
    const daily = Math.floor(3_000_000 / replacement.daysPerMonth.value);
    const short = run(
      'JKK_TEMPORARY_INCAPACITY',
      { daysOfIncapacity: 20 },
      { segment: 'BPU', pmiPhaseOnEvent: null, wageOnRecord: 3_000_000 },
    );
    assert.equal(short.total, 20 * daily);
    const long = run(
      'JKK_TEMPORARY_INCAPACITY',
      { daysOfIncapacity: 400, monthlyWage: 3_000_000 },
      { segment: 'BPU', pmiPhaseOnEvent: null },
    );
    assert.deepEqual(
      long.lines.map((l) => l.amount),
      [365 * daily, Math.floor((35 * daily) / 2)],
    );
  });

  it('refuses a wage-based benefit when no wage is known', () => {
    assert.equal(run('JKK_TEMPORARY_INCAPACITY', { daysOfIncapacity: 3 }).refusals[0]?.code, 'WAGE_REQUIRED');
  });

  it('pays permanent disability as percentage × 80 × monthly wage', () => {
    const multiple = rule('PP-44-2015-JKK-JKM', 'JKK_PERMANENT_DISABILITY', 'PERCENT_OF_WAGE_MULTIPLE').multiple.value;
    assert.equal(multiple, 80);
    const result = run(
      'JKK_PERMANENT_DISABILITY',
      { disabilityPercent: 35, monthlyWage: 4_000_000 },
      { segment: 'BPU', pmiPhaseOnEvent: null },
    );
    assert.equal(result.total, Math.floor((35 * multiple * 4_000_000) / 100));
  });

  it('pays Rp 85,000,000 for a PMI’s death from a work accident, confirmed, and 48 wages otherwise', () => {
    const pmi = run('JKK_DEATH', {});
    assert.equal(pmi.total, 85_000_000);
    assert.equal(pmi.total, rule('PERMENAKER-4-2023-BENEFITS', 'JKK_DEATH', 'FIXED').amount.value);
    assert.equal(pmi.status, 'CONFIRMED');
    const bpu = run('JKK_DEATH', { monthlyWage: 2_000_000 }, { segment: 'BPU', pmiPhaseOnEvent: null });
    assert.equal(bpu.total, 48 * 2_000_000);
    assert.equal(bpu.status, 'UNCONFIRMED');
  });

  it('pays a funeral outside the PMI scheme and none separately within it', () => {
    assert.equal(run('JKK_FUNERAL', {}, { segment: 'BPU', pmiPhaseOnEvent: null }).total, 10_000_000);
    assert.equal(run('JKK_FUNERAL', {}).refusals[0]?.code, 'NOT_A_BENEFIT_OF_REGULATION');
  });

  it('expires a PMI’s JKK claim 5 years after the event under 4/2023', () => {
    const result = run(
      'JKK_MEDICAL',
      { eventDate: '2023-03-01', invoices: [{ reference: 'X', date: '2023-03-01', amount: 1 }] },
      {},
      '2028-03-02',
    );
    assert.equal(result.refusals[0]?.code, 'CLAIM_EXPIRED');
    assert.equal(pmi2023?.jkkClaimWithinYears?.value, 5);
  });
});

describe('JKm', () => {
  it('pays 20 + 12 + 10 million for a PMI’s death before or after placement', () => {
    const phase = { pmiPhaseOnEvent: 'AFTER_PLACEMENT' as const };
    const parts = [run('JKM_LUMP_SUM', {}, phase), run('JKM_PERIODIC', {}, phase), run('JKM_FUNERAL', {}, phase)].map((r) => r.total);
    assert.deepEqual(parts, [20_000_000, 12_000_000, 10_000_000]);
    assert.equal(
      parts.reduce((a, b) => a + b),
      42_000_000,
    );
  });

  it('pays 85 million at once for a death during placement, with no separate funeral or periodic payment', () => {
    assert.equal(run('JKM_LUMP_SUM', {}).total, 85_000_000);
    assert.equal(run('JKM_FUNERAL', {}).refusals[0]?.code, 'INCLUDED_IN_OTHER_BENEFIT');
    assert.equal(run('JKM_PERIODIC', {}).refusals[0]?.code, 'INCLUDED_IN_OTHER_BENEFIT');
  });

  it('pays the standard 42 million outside the PMI scheme', () => {
    const bpu = { segment: 'BPU' as const, pmiPhaseOnEvent: null };
    const total = (['JKM_LUMP_SUM', 'JKM_PERIODIC', 'JKM_FUNERAL'] as const).reduce((sum, type) => sum + run(type, {}, bpu).total, 0);
    assert.equal(total, 42_000_000);
  });

  it('pays scholarships per child, level and year, for two children at most, after 3 years of membership outside the PMI scheme', () => {
    const scholarship = rule('PP-44-2015-JKK-JKM', 'JKM_SCHOLARSHIP', 'SCHOLARSHIP');
    const bpu = { segment: 'BPU' as const, pmiPhaseOnEvent: null, membershipStart: '2020-01-01' };
    const children = [
      { name: 'Ani', birthDate: '2015-01-01', level: 'PRIMARY' as const, years: 6 },
      { name: 'Budi', birthDate: '2006-01-01', level: 'UNIVERSITY' as const, years: 5 },
    ];
    const result = run('JKM_SCHOLARSHIP', { children }, bpu);
    assert.equal(result.total, 6 * scholarship.levels.PRIMARY.perYear.value + 5 * scholarship.levels.UNIVERSITY.perYear.value);
    assert.equal(result.total, 6 * 1_500_000 + 5 * 12_000_000);
    assert.equal(result.status, 'SECONDARY');
    const tooSoon = run('JKM_SCHOLARSHIP', { children }, { ...bpu, membershipStart: '2024-01-01' });
    assert.equal(tooSoon.refusals[0]?.code, 'MINIMUM_CONTRIBUTION_PERIOD_NOT_MET');
    const three = run('JKM_SCHOLARSHIP', { children: [...children, { ...children[0], name: 'Citra' } as (typeof children)[0]] }, bpu);
    assert.ok(three.refusals.some((r) => r.code === 'TOO_MANY_CHILDREN'));
    const tooLong = run('JKM_SCHOLARSHIP', { children: [{ name: 'Dewi', birthDate: '2020-01-01', level: 'KINDERGARTEN', years: 3 }] }, bpu);
    assert.equal(tooLong.refusals[0]?.code, 'TOO_MANY_YEARS');
  });

  it('reaches the Rp 174,000,000 maximum for two children through university', () => {
    const full = [
      { level: 'KINDERGARTEN', years: 2 },
      { level: 'PRIMARY', years: 6 },
      { level: 'JUNIOR_SECONDARY', years: 3 },
      { level: 'SENIOR_SECONDARY', years: 3 },
      { level: 'UNIVERSITY', years: 5 },
    ] as const;
    const perChild = full.reduce((sum, { level, years }) => {
      const child = { name: 'X', birthDate: '2020-01-01', level, years };
      return sum + run('JKM_SCHOLARSHIP', { children: [child] }).total;
    }, 0);
    assert.equal(2 * perChild, 174_000_000);
  });
});

describe('PMI-specific risks', () => {
  it('pays a failed departure that is not the worker’s fault, and nothing when the company or a policy caused it', () => {
    const before = { pmiPhaseOnEvent: 'BEFORE_PLACEMENT' as const };
    assert.equal(run('PMI_FAILED_DEPARTURE', { cause: 'OTHER_NOT_WORKERS_FAULT' }, before).total, 10_000_000);
    assert.equal(run('PMI_FAILED_DEPARTURE', { cause: 'PLACEMENT_COMPANY' }, before).refusals[0]?.code, 'CAUSE_NOT_COVERED');
    assert.equal(run('PMI_FAILED_DEPARTURE', { cause: 'GOVERNMENT_POLICY' }, before).refusals[0]?.code, 'CAUSE_NOT_COVERED');
    assert.equal(run('PMI_FAILED_DEPARTURE', { cause: 'OTHER_NOT_WORKERS_FAULT' }).refusals[0]?.code, 'WRONG_PHASE_FOR_BENEFIT');
  });

  it('pays a failed placement as cash aid plus the return airfare up to its cap', () => {
    const placement = rule('PERMENAKER-18-2018-BENEFITS', 'PMI_FAILED_PLACEMENT', 'FIXED_PLUS_DOCUMENTED_COST');
    const result = run(
      'PMI_FAILED_PLACEMENT',
      {
        eventDate: '2022-05-01',
        cause: 'OTHER_NOT_WORKERS_FAULT',
        invoices: [{ reference: 'TICKET', date: '2022-05-03', amount: 12_500_000 }],
      },
      {},
      '2022-06-01',
    );
    assert.deepEqual(
      result.lines.map((l) => l.amount),
      [placement.fixed.value, placement.cap.value],
    );
    assert.equal(result.total, 7_500_000 + 10_000_000);
    assert.equal(result.status, 'SECONDARY');
  });

  it('pays repatriation and losses on the way home as proven, in their phase', () => {
    assert.equal(run('PMI_REPATRIATION', { invoices: [{ reference: 'R', date: '2026-05-02', amount: 6_000_000 }] }).total, 6_000_000);
    const loss = run(
      'PMI_LOSS_ON_WAY_HOME',
      { invoices: [{ reference: 'P', date: '2026-05-01', amount: 2_000_000 }] },
      { pmiPhaseOnEvent: 'AFTER_PLACEMENT' },
    );
    assert.equal(loss.total, 2_000_000);
  });

  it('pays dismissal after a work accident by months worked', () => {
    const brackets = rule('PERMENAKER-18-2018-BENEFITS', 'PMI_DISMISSAL_AFTER_ACCIDENT', 'BY_MONTHS_WORKED').brackets;
    const at = (months: number) => run('PMI_DISMISSAL_AFTER_ACCIDENT', { eventDate: '2022-05-01', monthsWorked: months }, {}, '2022-06-01');
    assert.deepEqual(
      [3, 5, 6, 11, 12, 17].map((m) => at(m).total),
      [2_000_000, 2_000_000, 3_000_000, 3_000_000, 4_000_000, 4_000_000],
    );
    assert.equal(brackets[0]?.amount.status, 'SECONDARY');
    assert.equal(at(2).refusals[0]?.code, 'TOO_FEW_MONTHS_WORKED');
    assert.ok(pmi2018 && general);
  });

  it('refuses a PMI-specific risk to a member who is not a migrant worker', () => {
    assert.equal(
      run('PMI_REPATRIATION', { invoices: [{ reference: 'R', date: '2026-05-02', amount: 1 }] }, { segment: 'BPU', pmiPhaseOnEvent: null })
        .refusals[0]?.code,
      'NOT_A_MIGRANT_WORKER',
    );
  });
});

describe('reproducibility', () => {
  it('gives the same amount for the same inputs, whatever the claim type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...claimTypes),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.integer({ min: 1, max: 100 }),
        (type, money, small) => {
          const input: CalculationInput = {
            claimType: type,
            claimDate: '2026-06-01',
            facts: {
              eventDate: '2026-05-01',
              jhtReason: 'DEATH',
              partialPurpose: 'OTHER',
              invoices: [{ reference: 'I', date: '2026-05-01', amount: money }],
              daysOfIncapacity: small,
              monthlyWage: money,
              disabilityPercent: small,
              monthsWorked: small,
              cause: 'OTHER_NOT_WORKERS_FAULT',
              children: [{ name: 'A', birthDate: '2015-01-01', level: 'PRIMARY', years: 1 }],
            },
            member: member({
              jhtBalance: money,
              pmiPhaseOnEvent: type === 'PMI_FAILED_DEPARTURE' ? 'BEFORE_PLACEMENT' : 'DURING_PLACEMENT',
            }),
          };
          const first = calculate(structuredClone(input));
          const again = calculate(structuredClone(first.inputs), first.regulation.id);
          assert.deepEqual(again.lines, first.lines);
          assert.equal(again.total, first.total);
          assert.equal(
            first.total,
            first.lines.reduce((sum, l) => sum + l.amount, 0),
          );
          assert.ok(Number.isSafeInteger(first.total) && first.total >= 0);
        },
      ),
    );
  });
});
