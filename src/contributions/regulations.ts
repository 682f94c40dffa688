import { DomainError, invalidInput, issue, type Localized } from '../kernel/errors.ts';

/**
 * The contribution regulations as data: one entry per regulation, with its effective
 * date, its source, and every figure flagged with how sure we are of it. The engine
 * (`tariffs.ts`, `coverage-rules.ts`) reads these entries and never branches on a
 * regulation's id, so a new regulation is a new entry here plus a test.
 *
 * Figures come from /work/shared/RULES.md. Its **[secondary]** figures are `SECONDARY`;
 * its **UNCONFIRMED** ones, and every choice Lindung had to make where it is silent, are
 * `UNCONFIRMED` with the reason in `source`.
 */

export const contributionSegments = ['PMI', 'BPU', 'PU'] as const;
export type ContributionSegment = (typeof contributionSegments)[number];

export const programs = ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] as const;
export type Program = (typeof programs)[number];

export const figureStatuses = ['CONFIRMED', 'SECONDARY', 'UNCONFIRMED'] as const;
export type FigureStatus = (typeof figureStatuses)[number];

export const placementRoutes = ['PLACEMENT_EXECUTOR', 'INDIVIDUAL'] as const;
export type PlacementRoute = (typeof placementRoutes)[number];

/** What a PMI may ask a quote for; FULL is before-placement plus placement as staged for the route. */
export const pmiQuoteItems = ['BEFORE_PLACEMENT', 'PLACEMENT', 'EXTENSION', 'FULL'] as const;
export type PmiQuoteItem = (typeof pmiQuoteItems)[number];

/** The PMI payments that are staged by placement route (an extension is paid at once on either route). */
export type StagedItem = 'BEFORE_PLACEMENT' | 'PLACEMENT';

export const dueStages = ['AFTER_PLACEMENT_AGREEMENT', 'BEFORE_DEPARTURE', 'AT_ONCE'] as const;
export type DueStage = (typeof dueStages)[number];

/** A figure of a regulation with its source and how sure we are of it. */
export interface Figure<T> {
  value: T;
  status: FigureStatus;
  source: string;
  note?: string;
}

export interface RegulationSource {
  title: string;
  article: string;
  note?: string;
}

interface RegulationCommon {
  id: string;
  name: Localized;
  source: RegulationSource;
  /** First day the regulation applies (YYYY-MM-DD); a later entry of the same segment supersedes it. */
  effectiveFrom: string;
  effectiveFromStatus: FigureStatus;
  /** Days after the last covered day during which a late payment still continues the protection. */
  gracePeriodDays: Figure<number>;
}

/** 18/2018 has one flat placement fee; 4/2023 prices by contract length. */
export type PlacementFee =
  | { kind: 'FLAT'; amount: Figure<number> }
  | {
      kind: 'TIERED';
      tiers: ReadonlyArray<{ contractMonths: number; amount: Figure<number> }>;
      perExtraMonth: Figure<number>;
    };

export interface StagedPayment {
  item: StagedItem;
  dueStage: DueStage;
}

export interface PmiTariffs {
  /** The programs the combined JKK + JKm fee protects. */
  coveredPrograms: readonly Program[];
  beforePlacementFee: Figure<number>;
  placementFee: PlacementFee;
  /** Absent when the regulation sets no monthly extension amount (as RULES.md records 18/2018). */
  extension?: { perMonth: Figure<number>; dueStage: DueStage };
  /** Which staged payments each placement route makes, in order, and when each is due. */
  staging: Figure<Record<PlacementRoute, readonly StagedPayment[]>>;
  optionalJht: { monthlyAmounts: Figure<readonly number[]>; withItems: readonly PmiQuoteItem[] };
  protection: { beforePlacementMaxMonths: Figure<number>; afterPlacementMonths: Figure<number> };
}

export type BpuProgramRule = { kind: 'FLAT_MONTHLY'; amount: Figure<number> } | { kind: 'RATE_OF_INCOME_BRACKET'; rateBps: Figure<number> };

export interface BpuTariffs {
  /** Declared incomes a BPU member chooses from, ascending; a declared income is rounded down to one. */
  incomeBrackets: readonly Figure<number>[];
  programs: Partial<Record<Program, { rule: BpuProgramRule; required: boolean }>>;
  paidMonthCovers: Figure<'CALENDAR_MONTH'>;
}

/** A rate in basis points (24 = 0.24 %), flat or by the workplace's risk class. */
export type RateRule =
  | { kind: 'FLAT'; bps: Figure<number> }
  | { kind: 'BY_RISK_CLASS'; classes: ReadonlyArray<{ riskClass: number; bps: Figure<number> }> };

/** The highest monthly wage a rate applies to. */
export type WageCap =
  | { kind: 'FIXED'; amount: Figure<number> }
  | { kind: 'BY_YEAR'; years: ReadonlyArray<{ year: number; amount: Figure<number> }> };

export interface PuProgramTariff {
  employer: RateRule;
  worker: RateRule;
  wageCap?: WageCap;
  /** Said on every quote that includes the program. */
  note?: Localized;
}

export interface PuTariffs {
  programs: Partial<Record<Program, PuProgramTariff>>;
  paidMonthCovers: Figure<'CALENDAR_MONTH'>;
}

export type PmiRegulation = RegulationCommon & { segment: 'PMI'; tariffs: PmiTariffs };
export type BpuRegulation = RegulationCommon & { segment: 'BPU'; tariffs: BpuTariffs };
export type PuRegulation = RegulationCommon & { segment: 'PU'; tariffs: PuTariffs };
export type Regulation = PmiRegulation | BpuRegulation | PuRegulation;
export type RegulationOf<S extends ContributionSegment> = Extract<Regulation, { segment: S }>;

const confirmed = (value: number, source: string): Figure<number> => ({ value, status: 'CONFIRMED', source });
const unconfirmed = <T>(value: T, source: string): Figure<T> => ({ value, status: 'UNCONFIRMED', source });

// ---------------------------------------------------------------------------------------
// PMI
// ---------------------------------------------------------------------------------------

const art18 = 'Permenaker 4/2023 Art. 18';
/** "Each month beyond those periods (extension), paid at once": one figure, used for extensions and for contracts between tiers. */
const monthBeyond2023 = confirmed(13_500, art18);
const jhtAmounts = [50_000, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000] as const;
const afterPlacementAssumed = unconfirmed(
  1,
  'UNCONFIRMED (RULES.md): the after-placement period is not confirmed; Lindung assumes 1 month after the contract ends (branch offices describe about 31 months in all for a 24-month contract).',
);
const noGraceForPmi = unconfirmed(
  0,
  'Not in RULES.md: PMI contributions are paid in advance for whole phases, so Lindung gives no grace period.',
);
const executorAndIndividual = {
  PLACEMENT_EXECUTOR: [
    { item: 'BEFORE_PLACEMENT', dueStage: 'AFTER_PLACEMENT_AGREEMENT' },
    { item: 'PLACEMENT', dueStage: 'BEFORE_DEPARTURE' },
  ],
  INDIVIDUAL: [{ item: 'PLACEMENT', dueStage: 'AT_ONCE' }],
} as const satisfies Record<PlacementRoute, readonly StagedPayment[]>;

const permenaker18of2018: PmiRegulation = {
  id: 'PERMENAKER-18-2018',
  segment: 'PMI',
  name: {
    en: 'Minister of Manpower Regulation 18/2018 on social security for Indonesian migrant workers',
    id: 'Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2018 tentang Jaminan Sosial Pekerja Migran Indonesia',
  },
  source: {
    title: 'Permenaker 18/2018',
    article: 'Contributions for JKK and JKm (article not recorded in RULES.md)',
    note: 'Set 10 Dec 2018; revoked Permenaker 7/2017; revoked by Permenaker 4/2023 from 22 Feb 2023.',
  },
  effectiveFrom: '2018-12-10',
  effectiveFromStatus: 'CONFIRMED',
  gracePeriodDays: noGraceForPmi,
  tariffs: {
    coveredPrograms: ['JKK', 'JKM'],
    beforePlacementFee: confirmed(37_500, 'Permenaker 18/2018 (RULES.md: 37,500 + 332,500 = 370,000 through an executor)'),
    placementFee: {
      kind: 'FLAT',
      amount: confirmed(332_500, 'Permenaker 18/2018 (RULES.md: 332,500 for an individual; no tiers by contract length)'),
    },
    // RULES.md gives no monthly extension figure for 18/2018: absent on purpose, so a quote says so.
    staging: unconfirmed(
      executorAndIndividual,
      'RULES.md gives the totals per route under 18/2018 (370,000 through an executor, 332,500 individually), not when each part is due; the stages of Permenaker 4/2023 Art. 19 are assumed.',
    ),
    optionalJht: {
      monthlyAmounts: unconfirmed(jhtAmounts, 'detik finance d-6624813 describes 4/2023; assumed unchanged from 18/2018.'),
      withItems: ['PLACEMENT', 'EXTENSION', 'FULL'],
    },
    protection: {
      beforePlacementMaxMonths: unconfirmed(
        5,
        'RULES.md gives up to 5 months before departure for 4/2023; assumed the same under 18/2018.',
      ),
      afterPlacementMonths: afterPlacementAssumed,
    },
  },
};

const permenaker4of2023: PmiRegulation = {
  id: 'PERMENAKER-4-2023',
  segment: 'PMI',
  name: {
    en: 'Minister of Manpower Regulation 4/2023 on the social-security programme for Indonesian migrant workers',
    id: 'Peraturan Menteri Ketenagakerjaan Nomor 4 Tahun 2023 tentang Jaminan Sosial Pekerja Migran Indonesia',
  },
  source: {
    title: 'Permenaker 4/2023',
    article: 'Art. 18 (contributions), Art. 19 (staged payment)',
    note: 'Set 21 Feb 2023, in force 22 Feb 2023; revokes Permenaker 18/2018. Benefits grow from 14 to 21 without higher contributions.',
  },
  effectiveFrom: '2023-02-22',
  effectiveFromStatus: 'CONFIRMED',
  gracePeriodDays: noGraceForPmi,
  tariffs: {
    coveredPrograms: ['JKK', 'JKM'],
    beforePlacementFee: confirmed(37_500, art18),
    // Contracts of other lengths: see `placementFeeFor` in tariffs.ts (interpretation, flagged on the quote).
    placementFee: {
      kind: 'TIERED',
      tiers: [
        { contractMonths: 6, amount: confirmed(108_000, art18) },
        { contractMonths: 12, amount: confirmed(189_000, art18) },
        { contractMonths: 24, amount: confirmed(332_500, art18) },
      ],
      perExtraMonth: monthBeyond2023,
    },
    extension: { perMonth: monthBeyond2023, dueStage: 'AT_ONCE' },
    staging: { value: executorAndIndividual, status: 'CONFIRMED', source: 'Permenaker 4/2023 Art. 19' },
    optionalJht: {
      monthlyAmounts: { value: jhtAmounts, status: 'SECONDARY', source: 'detik finance d-6624813 [secondary]' },
      // JHT is open once the candidate becomes a PMI, so not with the before-placement payment alone.
      withItems: ['PLACEMENT', 'EXTENSION', 'FULL'],
    },
    protection: {
      beforePlacementMaxMonths: confirmed(5, 'RULES.md: up to 5 months before departure'),
      afterPlacementMonths: afterPlacementAssumed,
    },
  },
};

// ---------------------------------------------------------------------------------------
// BPU
// ---------------------------------------------------------------------------------------

/**
 * The declared-income brackets: RULES.md confirms the range (contributions of 10,000 to
 * 207,000 at 1 %, so incomes of 1.0 to 20.7 million) but not the steps. Lindung uses steps
 * of Rp 500,000 from the lowest, and the highest as the last bracket although it is only
 * 200,000 above 20,500,000.
 */
function incomeBrackets(lowest: number, highest: number, step: number, sources: { range: string; steps: string }): Figure<number>[] {
  const brackets: Figure<number>[] = [confirmed(lowest, sources.range)];
  for (let income = lowest + step; income < highest; income += step) brackets.push(unconfirmed(income, sources.steps));
  brackets.push(confirmed(highest, sources.range));
  return brackets;
}

const pp44of2015: BpuRegulation = {
  id: 'PP-44-2015-BPU',
  segment: 'BPU',
  name: {
    en: 'Government Regulation 44/2015 on JKK and JKm (non-wage earners), with JHT under Government Regulation 46/2015',
    id: 'Peraturan Pemerintah Nomor 44 Tahun 2015 tentang JKK dan JKm (Bukan Penerima Upah), dengan JHT menurut PP 46/2015',
  },
  source: {
    title: 'PP 44/2015 and PP 46/2015',
    article: 'Contributions of non-wage earners (article not recorded in RULES.md)',
    note: 'Askesos contribution assistance is set per cohort in the database, not here.',
  },
  effectiveFrom: '2015-07-01',
  // RULES.md names the regulations but not their dates; 1 July 2015 is recalled.
  effectiveFromStatus: 'UNCONFIRMED',
  gracePeriodDays: unconfirmed(30, 'Not in RULES.md: Lindung assumes a grace period of 30 days for BPU members.'),
  tariffs: {
    incomeBrackets: incomeBrackets(1_000_000, 20_700_000, 500_000, {
      range: 'PP 44/2015: JKK of Rp 10,000–207,000 at 1 % implies declared incomes of Rp 1,000,000–20,700,000',
      steps: 'UNCONFIRMED (RULES.md): bracket steps not confirmed; Lindung uses steps of Rp 500,000 from Rp 1,000,000',
    }),
    programs: {
      JKK: {
        rule: { kind: 'RATE_OF_INCOME_BRACKET', rateBps: confirmed(100, 'PP 44/2015 (RULES.md: JKK 1 % of declared income)') },
        required: true,
      },
      JKM: { rule: { kind: 'FLAT_MONTHLY', amount: confirmed(6_800, 'PP 44/2015 (RULES.md: JKm Rp 6,800 a month)') }, required: true },
      JHT: {
        rule: { kind: 'RATE_OF_INCOME_BRACKET', rateBps: confirmed(200, 'PP 46/2015 (RULES.md: JHT 2 %, Rp 20,000–414,000)') },
        required: false,
      },
    },
    paidMonthCovers: unconfirmed('CALENDAR_MONTH', 'Not in RULES.md: Lindung lets a paid month cover that calendar month.'),
  },
};

// ---------------------------------------------------------------------------------------
// PU
// ---------------------------------------------------------------------------------------

const fromMemory = 'UNCONFIRMED (RULES.md): PU figures are from memory';
const rate = (bps: number, source = fromMemory): RateRule => ({ kind: 'FLAT', bps: unconfirmed(bps, source) });
const workerPaysNothing = rate(0, `${fromMemory}; the worker pays no part of this program (recalled, not verified)`);

const puFromMemory: PuRegulation = {
  id: 'PU-MEMORY',
  segment: 'PU',
  name: {
    en: 'Wage earners’ contributions as recalled (not verified against a regulation)',
    id: 'Iuran Penerima Upah menurut ingatan (belum diverifikasi terhadap peraturan)',
  },
  source: {
    title: 'RULES.md, "PU (wage earners) — from memory"',
    article: 'none recorded',
    note: 'Every figure is UNCONFIRMED. The effective date is the first year of the recalled JP wage-cap table.',
  },
  effectiveFrom: '2024-01-01',
  effectiveFromStatus: 'UNCONFIRMED',
  gracePeriodDays: unconfirmed(30, 'Not in RULES.md: Lindung assumes a grace period of 30 days for wage earners.'),
  tariffs: {
    programs: {
      JKK: {
        employer: {
          kind: 'BY_RISK_CLASS',
          classes: [
            { riskClass: 1, bps: unconfirmed(24, fromMemory) },
            { riskClass: 2, bps: unconfirmed(54, fromMemory) },
            { riskClass: 3, bps: unconfirmed(89, fromMemory) },
            { riskClass: 4, bps: unconfirmed(127, fromMemory) },
            { riskClass: 5, bps: unconfirmed(174, fromMemory) },
          ],
        },
        worker: workerPaysNothing,
      },
      JKM: { employer: rate(30), worker: workerPaysNothing },
      JHT: { employer: rate(370), worker: rate(200) },
      JP: {
        employer: rate(200),
        worker: rate(100),
        wageCap: {
          kind: 'BY_YEAR',
          years: [
            { year: 2024, amount: unconfirmed(10_042_300, 'JP wage cap 2024: recalled, not verified (RULES.md gives no figure)') },
            { year: 2025, amount: unconfirmed(10_547_400, 'JP wage cap 2025: recalled, not verified (RULES.md gives no figure)') },
          ],
        },
      },
      JKP: {
        employer: rate(46),
        worker: workerPaysNothing,
        wageCap: { kind: 'FIXED', amount: unconfirmed(5_000_000, fromMemory) },
        note: {
          en: 'JKP is shown on the employer’s side. It is recalled to be funded by the government and by recomposing JKK and JKm contributions, which Lindung does not model (UNCONFIRMED).',
          id: 'JKP ditampilkan di sisi pemberi kerja. Menurut ingatan, JKP dibiayai pemerintah dan rekomposisi iuran JKK dan JKm, yang belum dimodelkan Lindung (BELUM TERKONFIRMASI).',
        },
      },
    },
    paidMonthCovers: unconfirmed('CALENDAR_MONTH', 'Not in RULES.md: Lindung lets a paid month cover that calendar month.'),
  },
};

const regulations: readonly Regulation[] = [permenaker18of2018, permenaker4of2023, pp44of2015, puFromMemory];

/** Every regulation, by segment and then oldest first. */
export function listRegulations(): readonly Regulation[] {
  return [...regulations].sort(
    (a, b) =>
      contributionSegments.indexOf(a.segment) - contributionSegments.indexOf(b.segment) || a.effectiveFrom.localeCompare(b.effectiveFrom),
  );
}

/** The regulation of the segment with the latest effective date on or before `date`. */
export function regulationInForce<S extends ContributionSegment>(segment: S, date: string): RegulationOf<S> {
  if (!isIsoDate(date)) {
    throw invalidInput([
      issue('/date', 'INVALID_DATE', `Not a calendar date (YYYY-MM-DD): ${date}.`, `Bukan tanggal (YYYY-MM-DD): ${date}.`),
    ]);
  }
  const latest = latestOnOrBefore(segment, date);
  if (latest) return latest;
  const ofSegment = regulations.filter((r): r is RegulationOf<S> => r.segment === segment);
  const earliest = ofSegment.reduce<RegulationOf<S> | undefined>(
    (first, r) => (first === undefined || r.effectiveFrom < first.effectiveFrom ? r : first),
    undefined,
  );
  throw new DomainError(
    'invalid',
    'NO_REGULATION_IN_FORCE',
    earliest
      ? {
          en: `No ${segment} contribution regulation was in force on ${date}: the earliest Lindung knows (${earliest.source.title}) applies from ${earliest.effectiveFrom}.`,
          id: `Tidak ada peraturan iuran ${segment} yang berlaku pada ${date}: peraturan paling awal yang dikenal Lindung (${earliest.source.title}) berlaku sejak ${earliest.effectiveFrom}.`,
        }
      : {
          en: `Lindung knows no ${segment} contribution regulation.`,
          id: `Lindung tidak mengenal peraturan iuran ${segment}.`,
        },
    { extensions: { segment, date, ...(earliest ? { earliestEffectiveFrom: earliest.effectiveFrom } : {}) } },
  );
}

/** For each segment that has one, the regulation in force on `date`. */
export function regulationsInForce(date: string): Regulation[] {
  return contributionSegments.flatMap((segment) => latestOnOrBefore(segment, date) ?? []);
}

function latestOnOrBefore<S extends ContributionSegment>(segment: S, date: string): RegulationOf<S> | undefined {
  return regulations
    .filter((r): r is RegulationOf<S> => r.segment === segment && r.effectiveFrom <= date)
    .reduce<RegulationOf<S> | undefined>((best, r) => (best === undefined || r.effectiveFrom > best.effectiveFrom ? r : best), undefined);
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const strength: Record<FigureStatus, number> = { CONFIRMED: 2, SECONDARY: 1, UNCONFIRMED: 0 };

/** The least certain of the statuses: a computed amount is only as sure as its weakest figure. */
export function weakestStatus(...statuses: FigureStatus[]): FigureStatus {
  return statuses.reduce<FigureStatus>((weakest, s) => (strength[s] < strength[weakest] ? s : weakest), 'CONFIRMED');
}
