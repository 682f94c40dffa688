import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../kernel/errors.ts';
import { addDays } from './coverage-rules.ts';
import {
  type BpuRegulation,
  contributionSegments,
  listRegulations,
  type PmiRegulation,
  type PuRegulation,
  regulationInForce,
  regulationsInForce,
} from './regulations.ts';
import { type BpuQuoteFacts, type PmiQuoteFacts, type PuQuoteFacts, type Quote, type QuoteFacts, quote, rateOf } from './tariffs.ts';

const in2023 = regulationInForce('PMI', '2026-03-02') as PmiRegulation;
const in2018 = regulationInForce('PMI', '2020-01-01') as PmiRegulation;
const bpuRegulation = regulationInForce('BPU', '2026-03-02') as BpuRegulation;
const puRegulation = regulationInForce('PU', '2025-06-01') as PuRegulation;

function pmi(overrides: Partial<PmiQuoteFacts> = {}): Quote {
  return quote({
    segment: 'PMI',
    date: '2026-03-02',
    item: 'FULL',
    placementRoute: 'PLACEMENT_EXECUTOR',
    contractMonths: 24,
    ...overrides,
  });
}

function bpu(overrides: Partial<BpuQuoteFacts> = {}): Quote {
  return quote({
    segment: 'BPU',
    date: '2026-03-02',
    declaredMonthlyIncome: 3_500_000,
    months: 1,
    programs: ['JKK', 'JKM', 'JHT'],
    ...overrides,
  });
}

function pu(overrides: Partial<PuQuoteFacts> = {}): Quote {
  return quote({ segment: 'PU', date: '2025-06-01', monthlyWage: 10_000_000, riskClass: 1, months: 1, programs: ['JKK'], ...overrides });
}

function line(q: Quote, code: string) {
  const found = q.lines.find((l) => l.code === code);
  assert.ok(found, `line ${code} in ${JSON.stringify(q.lines.map((l) => l.code))}`);
  return found;
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('expected a DomainError');
}

function expectIssue(run: () => unknown, pointer: string, code: string) {
  const error = refusal(run);
  assert.equal(error.code, 'VALIDATION_FAILED');
  assert.equal(error.kind, 'invalid');
  assert.ok(
    error.issues.some((i) => i.pointer === pointer && i.code === code),
    `expected ${pointer} ${code} in ${JSON.stringify(error.issues)}`,
  );
  for (const i of error.issues) assert.ok(i.message.en && i.message.id, 'every issue speaks both languages');
}

describe('PMI contributions under Permenaker 4/2023', () => {
  const tiers = in2023.tariffs.placementFee.kind === 'TIERED' ? in2023.tariffs.placementFee.tiers : [];
  const tierAmount = (months: number) => tiers.find((t) => t.contractMonths === months)?.amount.value;

  it('is the regulation in force from 22 February 2023', () => {
    assert.equal(in2023.id, 'PERMENAKER-4-2023');
    assert.equal(in2023.effectiveFrom, '2023-02-22');
  });

  it('charges 37,500 before placement, due after the placement agreement is signed', () => {
    const q = pmi({ item: 'BEFORE_PLACEMENT', contractMonths: undefined });
    assert.equal(q.total, 37_500);
    assert.equal(q.total, in2023.tariffs.beforePlacementFee.value);
    assert.equal(line(q, 'PMI_BEFORE_PLACEMENT_FEE').dueStage, 'AFTER_PLACEMENT_AGREEMENT');
    assert.equal(q.status, 'CONFIRMED');
  });

  for (const [months, amount] of [
    [24, 332_500],
    [12, 189_000],
    [6, 108_000],
  ] as const) {
    it(`charges ${amount.toLocaleString('en')} for a ${months}-month contract, CONFIRMED`, () => {
      const q = pmi({ item: 'PLACEMENT', contractMonths: months });
      assert.equal(q.total, amount);
      assert.equal(q.total, tierAmount(months));
      assert.equal(q.unconfirmed, false);
      assert.deepEqual(q.notes, []);
    });
  }

  it('charges 13,500 for each month of an extension, at once', () => {
    for (const months of [1, 3, 6, 12, 24]) {
      const q = pmi({ item: 'EXTENSION', contractMonths: undefined, extensionMonths: months });
      assert.equal(q.total, 13_500 * months);
      assert.equal(q.total, (in2023.tariffs.extension?.perMonth.value ?? Number.NaN) * months);
      assert.equal(line(q, 'PMI_EXTENSION_FEE').dueStage, 'AT_ONCE');
      assert.equal(q.status, 'CONFIRMED');
    }
  });

  it('stages a full quote through an executor: 37,500 after the agreement, the placement fee before departure', () => {
    const q = pmi({ item: 'FULL', contractMonths: 24 });
    assert.deepEqual(
      q.lines.map((l) => [l.code, l.amount, l.dueStage]),
      [
        ['PMI_BEFORE_PLACEMENT_FEE', 37_500, 'AFTER_PLACEMENT_AGREEMENT'],
        ['PMI_PLACEMENT_FEE', 332_500, 'BEFORE_DEPARTURE'],
      ],
    );
    assert.equal(q.total, 370_000);
  });

  it('quotes an individual PMI the placement fee alone, at once', () => {
    const q = pmi({ item: 'FULL', placementRoute: 'INDIVIDUAL', contractMonths: 12 });
    assert.deepEqual(
      q.lines.map((l) => [l.code, l.amount, l.dueStage]),
      [['PMI_PLACEMENT_FEE', 189_000, 'AT_ONCE']],
    );
  });

  it('refuses a before-placement quote for an individual PMI, who pays the placement fee only', () => {
    expectIssue(
      () => pmi({ item: 'BEFORE_PLACEMENT', placementRoute: 'INDIVIDUAL', contractMonths: undefined }),
      '/item',
      'ITEM_NOT_FOR_ROUTE',
    );
  });

  it('prices an 18-month contract as the 12-month tier plus 6 × 13,500, flagged as an interpretation', () => {
    const q = pmi({ item: 'PLACEMENT', contractMonths: 18 });
    assert.equal(q.total, 189_000 + 6 * 13_500);
    assert.equal(line(q, 'PMI_PLACEMENT_FEE').status, 'UNCONFIRMED');
    assert.equal(q.unconfirmed, true);
    assert.deepEqual(
      q.notes.map((n) => n.code),
      ['PLACEMENT_FEE_INTERPRETED'],
    );
    assert.match(line(q, 'PMI_PLACEMENT_FEE').basis.en, /12 months \(Rp 189,000\) \+ 6 months × Rp 13,500/);
  });

  it('prices a contract shorter than 6 months at the 6-month tier, flagged', () => {
    const q = pmi({ item: 'PLACEMENT', contractMonths: 4 });
    assert.equal(q.total, 108_000);
    assert.equal(q.unconfirmed, true);
  });

  it('prices a contract beyond 24 months at the 24-month tier plus 13,500 a month beyond, flagged', () => {
    const q = pmi({ item: 'PLACEMENT', contractMonths: 30 });
    assert.equal(q.total, 332_500 + 6 * 13_500);
    assert.equal(q.unconfirmed, true);
  });

  it('never prices a contract above the next longer tier: 23 months costs what 24 months cost', () => {
    const q = pmi({ item: 'PLACEMENT', contractMonths: 23 });
    assert.equal(q.total, 332_500);
    assert.match(line(q, 'PMI_PLACEMENT_FEE').basis.en, /capped at the tier for 24 months/);
  });

  it('asks for the contract length when the fee depends on it', () => {
    expectIssue(() => pmi({ item: 'PLACEMENT', contractMonths: undefined }), '/contractMonths', 'FIELD_REQUIRED');
  });

  it('adds optional JHT as a SECONDARY line of the monthly amount times the months', () => {
    const q = pmi({ jhtMonthlyAmount: 100_000, jhtMonths: 24 });
    const jht = line(q, 'PMI_JHT');
    assert.equal(jht.amount, 2_400_000);
    assert.equal(jht.program, 'JHT');
    assert.equal(jht.status, 'SECONDARY');
    assert.equal(q.total, 370_000 + 2_400_000);
    assert.equal(q.status, 'SECONDARY');
    assert.equal(q.unconfirmed, false);
  });

  it('offers every JHT amount of the table, 50,000 to 600,000', () => {
    assert.deepEqual(in2023.tariffs.optionalJht.monthlyAmounts.value, [50_000, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000]);
    for (const amount of in2023.tariffs.optionalJht.monthlyAmounts.value) {
      assert.equal(line(pmi({ jhtMonthlyAmount: amount, jhtMonths: 1 }), 'PMI_JHT').amount, amount);
    }
  });

  it('refuses a JHT amount that is not in the table', () => {
    expectIssue(() => pmi({ jhtMonthlyAmount: 75_000, jhtMonths: 12 }), '/jhtMonthlyAmount', 'JHT_AMOUNT_NOT_IN_TABLE');
  });

  it('refuses JHT with the before-placement payment alone, since JHT opens once the candidate is a PMI', () => {
    expectIssue(
      () => pmi({ item: 'BEFORE_PLACEMENT', contractMonths: undefined, jhtMonthlyAmount: 50_000, jhtMonths: 1 }),
      '/jhtMonthlyAmount',
      'JHT_NOT_FOR_ITEM',
    );
  });

  it('asks for JHT months with a JHT amount', () => {
    expectIssue(() => pmi({ jhtMonthlyAmount: 50_000 }), '/jhtMonths', 'FIELD_REQUIRED');
  });

  it('refuses zero or negative contract months', () => {
    expectIssue(() => pmi({ contractMonths: 0 }), '/contractMonths', 'OUT_OF_RANGE');
    expectIssue(() => pmi({ contractMonths: -12 }), '/contractMonths', 'OUT_OF_RANGE');
    expectIssue(() => pmi({ contractMonths: 1.5 }), '/contractMonths', 'OUT_OF_RANGE');
  });

  it('refuses extension months on anything but an extension, and asks for them on an extension', () => {
    expectIssue(() => pmi({ extensionMonths: 3 }), '/extensionMonths', 'NOT_FOR_ITEM');
    expectIssue(() => pmi({ item: 'EXTENSION', contractMonths: undefined }), '/extensionMonths', 'FIELD_REQUIRED');
    expectIssue(() => pmi({ item: 'EXTENSION', contractMonths: 12, extensionMonths: 3 }), '/contractMonths', 'NOT_FOR_ITEM');
  });

  it('reports every issue of a request at once', () => {
    const error = refusal(() => pmi({ contractMonths: 0, jhtMonths: -1, date: '2026-02-30' }));
    assert.deepEqual(error.issues.map((i) => i.pointer).sort(), ['/contractMonths', '/date', '/jhtMonthlyAmount', '/jhtMonths']);
  });
});

describe('PMI contributions under Permenaker 18/2018', () => {
  it('is the regulation in force from 10 December 2018', () => {
    assert.equal(in2018.id, 'PERMENAKER-18-2018');
    assert.equal(in2018.effectiveFrom, '2018-12-10');
  });

  it('charges 370,000 through an executor: 37,500 + 332,500', () => {
    const q = pmi({ date: '2020-01-01', contractMonths: undefined });
    assert.deepEqual(
      q.lines.map((l) => l.amount),
      [37_500, 332_500],
    );
    assert.equal(q.total, 370_000);
    assert.equal(
      q.total,
      in2018.tariffs.beforePlacementFee.value +
        (in2018.tariffs.placementFee.kind === 'FLAT' ? in2018.tariffs.placementFee.amount.value : 0),
    );
    assert.equal(q.status, 'CONFIRMED');
  });

  it('charges 332,500 to an individual PMI, at once', () => {
    const q = pmi({ date: '2020-01-01', placementRoute: 'INDIVIDUAL', contractMonths: undefined });
    assert.equal(q.total, 332_500);
    assert.equal(q.lines[0]?.dueStage, 'AT_ONCE');
  });

  it('charges the flat 332,500 whatever the contract length', () => {
    for (const months of [6, 12, 18, 24, 36]) {
      assert.equal(pmi({ date: '2020-01-01', item: 'PLACEMENT', contractMonths: months }).total, 332_500);
    }
  });

  it('says that the due stages are assumed, not the amounts', () => {
    const q = pmi({ date: '2020-01-01' });
    assert.ok(q.notes.some((n) => n.code === 'DUE_STAGES_ASSUMED'));
    assert.equal(q.unconfirmed, false);
  });

  it('says clearly that it sets no extension amount', () => {
    const error = refusal(() => pmi({ date: '2020-01-01', item: 'EXTENSION', contractMonths: undefined, extensionMonths: 3 }));
    assert.equal(error.code, 'TARIFF_NOT_IN_REGULATION');
    assert.equal(error.kind, 'invalid');
    assert.match(error.title.en, /Permenaker 18\/2018.*no monthly contribution for a contract extension/);
    assert.match(error.title.id, /tidak menetapkan iuran bulanan untuk perpanjangan/);
    assert.equal(error.extensions.regulationId, 'PERMENAKER-18-2018');
  });
});

describe('the regulation in force', () => {
  it('is 18/2018 for a quote on 21 February 2023', () => {
    const q = pmi({ date: '2023-02-21' });
    assert.equal(q.regulation.id, 'PERMENAKER-18-2018');
    assert.equal(q.total, 370_000);
  });

  it('is 4/2023 for a quote on 22 February 2023', () => {
    const q = pmi({ date: '2023-02-22', contractMonths: 12 });
    assert.equal(q.regulation.id, 'PERMENAKER-4-2023');
    assert.equal(q.total, 37_500 + 189_000);
  });

  it('does not exist before 10 December 2018: NO_REGULATION_IN_FORCE in both languages', () => {
    const error = refusal(() => pmi({ date: '2018-12-09' }));
    assert.equal(error.code, 'NO_REGULATION_IN_FORCE');
    assert.equal(error.kind, 'invalid');
    assert.match(error.title.en, /No PMI contribution regulation was in force on 2018-12-09.*2018-12-10/);
    assert.match(error.title.id, /Tidak ada peraturan iuran PMI yang berlaku pada 2018-12-09/);
    assert.equal(regulationInForce('PMI', '2018-12-10').id, 'PERMENAKER-18-2018');
  });

  it('refuses a date that is not on the calendar', () => {
    expectIssue(() => pmi({ date: '2026-02-29' }), '/date', 'INVALID_DATE');
    expectIssue(() => regulationInForce('BPU', '1 March 2026'), '/date', 'INVALID_DATE');
  });

  it('names one regulation per segment for a day when all are in force', () => {
    assert.deepEqual(
      regulationsInForce('2026-03-02').map((r) => r.id),
      ['PERMENAKER-4-2023', 'PP-44-2015-BPU', 'PU-MEMORY'],
    );
    assert.deepEqual(
      regulationsInForce('2020-01-01').map((r) => r.id),
      ['PERMENAKER-18-2018', 'PP-44-2015-BPU'],
    );
  });

  it('is listed by segment and date, with unique ids and one effective date per segment', () => {
    const all = listRegulations();
    assert.deepEqual(
      all.map((r) => r.id),
      ['PERMENAKER-18-2018', 'PERMENAKER-4-2023', 'PP-44-2015-BPU', 'PU-MEMORY'],
    );
    assert.equal(new Set(all.map((r) => r.id)).size, all.length);
    for (const segment of contributionSegments) {
      const dates = all.filter((r) => r.segment === segment).map((r) => r.effectiveFrom);
      assert.equal(new Set(dates).size, dates.length, segment);
    }
  });

  it('keeps every figure as integer data with a status and a source', () => {
    const figures: Array<{ value: unknown; status: string; source: string }> = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        if ('status' in value && 'source' in value && 'value' in value) figures.push(value as (typeof figures)[number]);
        Object.values(value).forEach(walk);
      }
    };
    walk(listRegulations());
    assert.ok(figures.length > 50);
    for (const figure of figures) {
      assert.ok(['CONFIRMED', 'SECONDARY', 'UNCONFIRMED'].includes(figure.status));
      assert.ok(figure.source.length > 0);
      const numbers = Array.isArray(figure.value) ? figure.value : [figure.value];
      for (const n of numbers) if (typeof n === 'number') assert.ok(Number.isSafeInteger(n) && n >= 0, `${n} is integer data`);
    }
  });
});

describe('BPU contributions under PP 44/2015', () => {
  const brackets = bpuRegulation.tariffs.incomeBrackets.map((b) => b.value);

  it('chooses from brackets of 500,000 from 1,000,000 up to 20,700,000', () => {
    assert.equal(brackets[0], 1_000_000);
    assert.equal(brackets[1], 1_500_000);
    assert.equal(brackets.at(-2), 20_500_000);
    assert.equal(brackets.at(-1), 20_700_000);
  });

  it('charges JKK of 10,000 and JHT of 20,000 at the lowest bracket, CONFIRMED', () => {
    const q = bpu({ declaredMonthlyIncome: 1_000_000 });
    assert.equal(line(q, 'BPU_JKK').amount, 10_000);
    assert.equal(line(q, 'BPU_JHT').amount, 20_000);
    assert.equal(line(q, 'BPU_JKK').status, 'CONFIRMED');
  });

  it('charges JKK of 207,000 and JHT of 414,000 at the highest bracket', () => {
    const q = bpu({ declaredMonthlyIncome: 20_700_000 });
    assert.equal(line(q, 'BPU_JKK').amount, 207_000);
    assert.equal(line(q, 'BPU_JHT').amount, 414_000);
  });

  it('charges JKm of 6,800 a month', () => {
    assert.equal(line(bpu({ months: 1 }), 'BPU_JKM').amount, 6_800);
    assert.equal(line(bpu({ months: 12 }), 'BPU_JKM').amount, 6_800 * 12);
    const jkm = bpuRegulation.tariffs.programs.JKM?.rule;
    assert.equal(jkm?.kind === 'FLAT_MONTHLY' ? jkm.amount.value : undefined, 6_800);
  });

  it('rounds a declared income down to its bracket and says so, flagged UNCONFIRMED', () => {
    const q = bpu({ declaredMonthlyIncome: 3_700_000, months: 3 });
    assert.equal(line(q, 'BPU_JKK').amount, 35_000 * 3);
    assert.equal(line(q, 'BPU_JHT').amount, 70_000 * 3);
    assert.equal(line(q, 'BPU_JKK').status, 'UNCONFIRMED');
    assert.equal(line(q, 'BPU_JKM').status, 'CONFIRMED');
    assert.equal(q.unconfirmed, true);
    assert.deepEqual(
      q.notes.map((n) => n.code),
      ['INCOME_ROUNDED_DOWN_TO_BRACKET'],
    );
    assert.equal(line(q, 'BPU_JKK').basis.en, '1 % of Rp 3,500,000 (income bracket) = Rp 35,000 a month × 3 months');
    assert.equal(line(q, 'BPU_JKK').basis.id, '1 % dari Rp 3.500.000 (golongan penghasilan) = Rp 35.000 per bulan × 3 bulan');
  });

  it('computes on the lowest bracket below it, and on the highest above it', () => {
    const low = bpu({ declaredMonthlyIncome: 400_000 });
    assert.equal(line(low, 'BPU_JKK').amount, 10_000);
    assert.equal(low.notes[0]?.code, 'INCOME_BELOW_LOWEST_BRACKET');
    const high = bpu({ declaredMonthlyIncome: 50_000_000 });
    assert.equal(line(high, 'BPU_JKK').amount, 207_000);
    assert.equal(high.notes[0]?.code, 'INCOME_ABOVE_HIGHEST_BRACKET');
  });

  it('requires JKK and JKm', () => {
    expectIssue(() => bpu({ programs: ['JKM'] }), '/programs', 'PROGRAM_REQUIRED');
    expectIssue(() => bpu({ programs: ['JKK', 'JHT'] }), '/programs', 'PROGRAM_REQUIRED');
  });

  it('refuses a program listed twice', () => {
    expectIssue(() => bpu({ programs: ['JKK', 'JKM', 'JKK'] }), '/programs/2', 'DUPLICATE_PROGRAM');
  });

  it('refuses a program the segment does not have', () => {
    expectIssue(
      () => quote({ ...bpuFacts(), programs: ['JKK', 'JKM', 'JP'] } as unknown as QuoteFacts),
      '/programs/2',
      'PROGRAM_NOT_IN_SEGMENT',
    );
  });

  it('refuses a zero or negative income and zero months', () => {
    expectIssue(() => bpu({ declaredMonthlyIncome: 0 }), '/declaredMonthlyIncome', 'OUT_OF_RANGE');
    expectIssue(() => bpu({ declaredMonthlyIncome: -1_000_000 }), '/declaredMonthlyIncome', 'OUT_OF_RANGE');
    expectIssue(() => bpu({ months: 0 }), '/months', 'OUT_OF_RANGE');
  });

  it('lets a government program pay (contribution assistance) without changing the amounts', () => {
    const assisted = bpu({ payer: 'GOVERNMENT_PROGRAM' });
    assert.equal(assisted.payer, 'GOVERNMENT_PROGRAM');
    assert.equal(assisted.total, bpu().total);
    assert.equal(bpu().payer, 'WORKER');
  });
});

function bpuFacts(): BpuQuoteFacts {
  return { segment: 'BPU', date: '2026-03-02', declaredMonthlyIncome: 3_500_000, months: 1, programs: ['JKK', 'JKM'] };
}

describe('PU contributions (from memory, UNCONFIRMED)', () => {
  const jkk = puRegulation.tariffs.programs.JKK?.employer;
  const classRate = (riskClass: number) =>
    jkk?.kind === 'BY_RISK_CLASS' ? jkk.classes.find((c) => c.riskClass === riskClass)?.bps.value : undefined;

  for (const [riskClass, amount] of [
    [1, 24_000],
    [2, 54_000],
    [3, 89_000],
    [4, 127_000],
    [5, 174_000],
  ] as const) {
    it(`charges JKK of ${amount.toLocaleString('en')} on a wage of 10,000,000 in risk class ${riskClass}, all on the employer`, () => {
      const q = pu({ riskClass });
      const jkkLine = line(q, 'PU_JKK');
      assert.equal(jkkLine.amount, amount);
      assert.equal(jkkLine.amount, (10_000_000 * (classRate(riskClass) ?? Number.NaN)) / 10_000);
      assert.deepEqual(jkkLine.shares, { employer: amount, worker: 0 });
      assert.equal(jkkLine.status, 'UNCONFIRMED');
    });
  }

  it('charges JKm of 0.30 %', () => {
    assert.equal(line(pu({ programs: ['JKM'] }), 'PU_JKM').amount, 30_000);
  });

  it('splits JHT of 5.7 % into 3.7 % for the employer and 2 % for the worker', () => {
    const jht = line(pu({ programs: ['JHT'] }), 'PU_JHT');
    assert.deepEqual(jht.shares, { employer: 370_000, worker: 200_000 });
    assert.equal(jht.amount, 570_000);
  });

  it('splits JP of 3 % into 2 % and 1 %, on a wage below the cap', () => {
    const jp = line(pu({ programs: ['JP'], monthlyWage: 8_000_000 }), 'PU_JP');
    assert.deepEqual(jp.shares, { employer: 160_000, worker: 80_000 });
    assert.equal(jp.amount, 240_000);
  });

  it('computes JP on the wage cap of the year when the wage is above it', () => {
    const q2025 = pu({ programs: ['JP'], monthlyWage: 12_000_000 });
    assert.deepEqual(line(q2025, 'PU_JP').shares, { employer: 210_948, worker: 105_474 });
    assert.equal(line(q2025, 'PU_JP').amount, 316_422);
    assert.ok(q2025.notes.some((n) => n.code === 'WAGE_CAP_APPLIED'));
    const q2024 = pu({ programs: ['JP'], monthlyWage: 12_000_000, date: '2024-07-01' });
    assert.deepEqual(line(q2024, 'PU_JP').shares, { employer: 200_846, worker: 100_423 });
  });

  it('carries the latest JP cap forward to a year that has none, and says so', () => {
    const q = pu({ programs: ['JP'], monthlyWage: 12_000_000, date: '2026-03-02' });
    assert.equal(line(q, 'PU_JP').amount, 316_422);
    assert.ok(q.notes.some((n) => n.code === 'WAGE_CAP_CARRIED_FORWARD'));
  });

  it('computes JKP of 0.46 % on at most 5,000,000', () => {
    assert.equal(line(pu({ programs: ['JKP'], monthlyWage: 4_000_000 }), 'PU_JKP').amount, 18_400);
    assert.equal(line(pu({ programs: ['JKP'], monthlyWage: 12_000_000 }), 'PU_JKP').amount, 23_000);
  });

  it('rounds each share half up to the whole rupiah', () => {
    assert.equal(rateOf(1_000_500, 30), 3_002); // 3,001.5
    assert.equal(rateOf(1_000_400, 30), 3_001); // 3,001.2
    const jht = line(pu({ programs: ['JHT'], monthlyWage: 1_234_567, months: 2 }), 'PU_JHT');
    assert.deepEqual(jht.shares, { employer: 45_679 * 2, worker: 24_691 * 2 }); // 45,678.979 and 24,691.34
  });

  it('refuses an unknown risk class', () => {
    expectIssue(() => pu({ riskClass: 6 }), '/riskClass', 'UNKNOWN_RISK_CLASS');
    expectIssue(() => pu({ riskClass: 0 }), '/riskClass', 'OUT_OF_RANGE');
  });

  it('refuses a zero wage, zero months and an empty program list', () => {
    expectIssue(() => pu({ monthlyWage: 0 }), '/monthlyWage', 'OUT_OF_RANGE');
    expectIssue(() => pu({ months: -1 }), '/months', 'OUT_OF_RANGE');
    expectIssue(() => pu({ programs: [] }), '/programs', 'PROGRAMS_EMPTY');
  });

  it('flags every PU quote as unconfirmed, and defaults the payer to the employer', () => {
    const q = pu({ programs: ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] });
    assert.equal(q.unconfirmed, true);
    assert.ok(q.lines.every((l) => l.status === 'UNCONFIRMED'));
    assert.equal(q.payer, 'EMPLOYER');
    assert.ok(q.notes.some((n) => n.code === 'JKP_NOTE'));
  });
});

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

const dateFrom = (first: string, days: number) => fc.integer({ min: 0, max: days }).map((n) => addDays(first, n));
const months = fc.integer({ min: 1, max: 120 });
const jht = fc.option(
  fc.record({ jhtMonthlyAmount: fc.constantFrom(...in2023.tariffs.optionalJht.monthlyAmounts.value), jhtMonths: months }),
  { nil: undefined },
);

const pmiFacts: fc.Arbitrary<PmiQuoteFacts> = fc
  .oneof(
    fc.record({
      segment: fc.constant('PMI' as const),
      date: dateFrom('2018-12-10', 4_000),
      item: fc.constantFrom('FULL' as const, 'PLACEMENT' as const),
      placementRoute: fc.constantFrom('PLACEMENT_EXECUTOR' as const, 'INDIVIDUAL' as const),
      contractMonths: months,
      jht,
    }),
    fc.record({
      segment: fc.constant('PMI' as const),
      date: dateFrom('2023-02-22', 2_000),
      item: fc.constant('EXTENSION' as const),
      placementRoute: fc.constantFrom('PLACEMENT_EXECUTOR' as const, 'INDIVIDUAL' as const),
      extensionMonths: months,
      jht,
    }),
  )
  .map(({ jht: optional, ...facts }) => ({ ...facts, ...(optional ?? {}) }));

const bpuFactsArbitrary: fc.Arbitrary<BpuQuoteFacts> = fc.record({
  segment: fc.constant('BPU' as const),
  date: dateFrom('2015-07-01', 5_000),
  declaredMonthlyIncome: fc.integer({ min: 1, max: 100_000_000 }),
  months,
  programs: fc.constantFrom<BpuQuoteFacts['programs']>(['JKK', 'JKM'], ['JKK', 'JKM', 'JHT'], ['JHT', 'JKM', 'JKK']),
});

const puFactsArbitrary: fc.Arbitrary<PuQuoteFacts> = fc.record({
  segment: fc.constant('PU' as const),
  date: dateFrom('2024-01-01', 2_000),
  monthlyWage: fc.integer({ min: 1, max: 200_000_000 }),
  riskClass: fc.integer({ min: 1, max: 5 }),
  months,
  programs: fc.subarray(['JKK', 'JKM', 'JHT', 'JP', 'JKP'] as const, { minLength: 1 }),
});

const anyFacts: fc.Arbitrary<QuoteFacts> = fc.oneof(pmiFacts, bpuFactsArbitrary, puFactsArbitrary);

describe('every quote', () => {
  it('totals the sum of its lines', () => {
    fc.assert(
      fc.property(anyFacts, (facts) => {
        const q = quote(facts);
        assert.equal(
          q.total,
          q.lines.reduce((sum, l) => sum + l.amount, 0),
        );
      }),
    );
  });

  it('has amounts that are non-negative whole rupiah', () => {
    fc.assert(
      fc.property(anyFacts, (facts) => {
        const q = quote(facts);
        for (const l of [...q.lines.map((x) => x.amount), q.total]) assert.ok(Number.isSafeInteger(l) && l >= 0, String(l));
      }),
    );
  });

  it('splits every wage earner’s line into employer and worker shares that add up to it', () => {
    fc.assert(
      fc.property(puFactsArbitrary, (facts) => {
        for (const l of quote(facts).lines) {
          assert.ok(l.shares);
          assert.equal(l.shares.employer + l.shares.worker, l.amount);
          assert.ok(l.shares.employer >= 0 && l.shares.worker >= 0);
        }
      }),
    );
  });

  it('is unconfirmed exactly when one of its lines is UNCONFIRMED', () => {
    fc.assert(
      fc.property(anyFacts, (facts) => {
        const q = quote(facts);
        assert.equal(
          q.unconfirmed,
          q.lines.some((l) => l.status === 'UNCONFIRMED'),
        );
      }),
    );
  });

  it('never costs less for more months', () => {
    const more = fc.integer({ min: 1, max: 60 });
    fc.assert(
      fc.property(fc.oneof(bpuFactsArbitrary, puFactsArbitrary), more, (facts, extra) => {
        assert.ok(quote({ ...facts, months: facts.months + extra }).total >= quote(facts).total);
      }),
    );
    fc.assert(
      fc.property(pmiFacts, more, (facts, extra) => {
        const longer: PmiQuoteFacts =
          facts.item === 'EXTENSION'
            ? { ...facts, extensionMonths: (facts.extensionMonths ?? 0) + extra }
            : { ...facts, contractMonths: (facts.contractMonths ?? 0) + extra };
        assert.ok(quote(longer).total >= quote(facts).total, JSON.stringify(longer));
        if (facts.jhtMonths !== undefined) {
          assert.ok(quote({ ...facts, jhtMonths: facts.jhtMonths + extra }).total >= quote(facts).total);
        }
      }),
    );
  });

  it('never costs less for a higher declared income or wage', () => {
    const more = fc.integer({ min: 1, max: 10_000_000 });
    fc.assert(
      fc.property(bpuFactsArbitrary, more, (facts, extra) => {
        assert.ok(quote({ ...facts, declaredMonthlyIncome: facts.declaredMonthlyIncome + extra }).total >= quote(facts).total);
      }),
    );
    fc.assert(
      fc.property(puFactsArbitrary, more, (facts, extra) => {
        assert.ok(quote({ ...facts, monthlyWage: facts.monthlyWage + extra }).total >= quote(facts).total);
      }),
    );
  });
});
