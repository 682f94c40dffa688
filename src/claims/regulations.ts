import type { Localized } from '../kernel/errors.ts';
import {
  type ClaimType,
  type FailureCause,
  type FigureStatus,
  type JhtFullReason,
  type PartialPurpose,
  type PmiEventPhase,
  type SchoolLevel,
  schoolLevels,
} from './rules.ts';

/**
 * The benefit regulations as data: one entry per regulation, with its scope, effective
 * date, source (name and article) and, for every figure, how sure we are of it. The
 * calculation (`calculation.ts`) reads these entries and never branches on a regulation's
 * id: a new regulation is a new entry here plus a test. An entry is never changed once a
 * claim names it (claims store the id and their inputs, so they compute the same amount
 * on any later day); a correction is a new entry with a later effective date.
 *
 * Figures come from /work/shared/RULES.md. Its **[secondary]** figures are `SECONDARY`;
 * its **UNCONFIRMED** ones, figures recalled from memory, and every choice Lindung had to
 * make where it is silent are `UNCONFIRMED` with the reason in `source`.
 */

export interface Figure<T> {
  value: T;
  status: FigureStatus;
  source: string;
}

/** Which claims a regulation prices: a migrant worker's, everybody else's JKK/JKm, or JHT. */
export const regulationScopes = ['PMI', 'GENERAL', 'JHT'] as const;
export type RegulationScope = (typeof regulationScopes)[number];

export type BenefitRule =
  /** JHT paid in full: the balance, on one of the reasons, each with its condition. */
  | {
      kind: 'JHT_BALANCE';
      reasons: Record<JhtFullReason, Figure<{ minimumAge?: number; waitMonths?: number; only?: 'FOREIGN_NATIONAL' | 'PMI' }>>;
    }
  /** Partial JHT: a share of the balance after a minimum membership, once. */
  | { kind: 'JHT_SHARE'; minimumYears: Figure<number>; shareBps: Record<PartialPurpose, Figure<number>> }
  /** A fixed amount; `byPhase` for a PMI where the amount depends on the phase of the event (null: not paid in that phase). */
  | { kind: 'FIXED'; amount: Figure<number>; excludedCauses?: Figure<readonly FailureCause[]> }
  | { kind: 'BY_PHASE'; byPhase: Record<PmiEventPhase, Figure<number | null>> }
  /** What the documents (invoices, receipts) prove was spent, up to an optional cap. */
  | { kind: 'DOCUMENTED_COST'; basis: Figure<string>; cap?: Figure<number> }
  /** A fixed cash aid plus documented cost up to a cap (failed placement: aid + return airfare). */
  | { kind: 'FIXED_PLUS_DOCUMENTED_COST'; fixed: Figure<number>; cap: Figure<number>; excludedCauses?: Figure<readonly FailureCause[]> }
  /** Wages during temporary incapacity: a share of the daily wage per stretch of days. */
  | {
      kind: 'WAGE_REPLACEMENT';
      daysPerMonth: Figure<number>;
      stretches: ReadonlyArray<{ firstDay: number; lastDay: number | null; shareBps: Figure<number> }>;
    }
  /** Disability: percentage × multiple × monthly wage. */
  | { kind: 'PERCENT_OF_WAGE_MULTIPLE'; multiple: Figure<number> }
  /** Death from an accident outside the PMI scheme: multiple × monthly wage. */
  | { kind: 'WAGE_MULTIPLE'; multiple: Figure<number> }
  /** By whole months worked before the event (dismissal after an accident). */
  | { kind: 'BY_MONTHS_WORKED'; brackets: ReadonlyArray<{ fromMonths: number; toMonths: number | null; amount: Figure<number> }> }
  | {
      kind: 'SCHOLARSHIP';
      minimumYears: Figure<number>;
      maxChildren: Figure<number>;
      maxAgeExclusive: Figure<number>;
      levels: Record<SchoolLevel, { perYear: Figure<number>; maxYears: Figure<number> }>;
    };

export interface ClaimRegulation {
  id: string;
  scope: RegulationScope;
  name: Localized;
  source: { title: string; article: string; note?: string };
  effectiveFrom: string;
  effectiveFromStatus: FigureStatus;
  /** The PMI phase in which each PMI-specific risk may happen (others: any phase). */
  eventPhases?: Partial<Record<ClaimType, Figure<readonly PmiEventPhase[]>>>;
  /** JKK claims (and the PMI risks under JKK) expire this many years after the event. */
  jkkClaimWithinYears?: Figure<number>;
  benefits: Partial<Record<ClaimType, BenefitRule>>;
}

const fig = <T>(value: T, status: FigureStatus, source: string): Figure<T> => ({ value, status, source });
const confirmed = <T>(value: T, source: string) => fig(value, 'CONFIRMED', source);
const secondary = <T>(value: T, source: string) => fig(value, 'SECONDARY', source);
const unconfirmed = <T>(value: T, source: string) => fig(value, 'UNCONFIRMED', source);

// ---------------------------------------------------------------------------------------
// JHT (every segment)

const pp46 = 'PP 46/2015 (RULES.md, "JHT and JKm")';
const jhtRegulation: ClaimRegulation = {
  id: 'PP-46-2015-JHT',
  scope: 'JHT',
  name: {
    en: 'Government Regulation 46/2015 on old-age savings (JHT), with Minister of Manpower Regulation 4/2022',
    id: 'Peraturan Pemerintah Nomor 46 Tahun 2015 tentang Jaminan Hari Tua, dengan Permenaker 4/2022',
  },
  source: {
    title: 'PP 46/2015; Permenaker 4/2022',
    article: 'PP 46/2015 Art. 22 (partial); Permenaker 4/2022 Art. 12 (leaving Indonesia for good)',
  },
  effectiveFrom: '2015-07-01',
  effectiveFromStatus: 'UNCONFIRMED',
  benefits: {
    JHT_FULL: {
      kind: 'JHT_BALANCE',
      reasons: {
        AGE_56: confirmed({ minimumAge: 56 }, `${pp46}: paid in full at 56`),
        END_OF_MEMBERSHIP: secondary({ waitMonths: 1 }, 'RULES.md "JHT and JKm": on stopping work after a one-month wait [secondary]'),
        PERMANENT_TOTAL_DISABILITY: confirmed({}, `${pp46}: paid in full on total permanent disability`),
        DEATH: confirmed({}, `${pp46}: paid in full on death, to the heirs`),
        LEFT_INDONESIA: confirmed(
          { only: 'FOREIGN_NATIONAL' },
          'Permenaker 4/2022 Art. 12: leaving Indonesia for good, foreign nationals only',
        ),
        PLACEMENT_ENDED: unconfirmed(
          { only: 'PMI' },
          'Not in RULES.md (issue 4 names it): a PMI whose placement has ended; Lindung pays the balance once no placement is open',
        ),
      },
    },
    JHT_PARTIAL: {
      kind: 'JHT_SHARE',
      minimumYears: confirmed(10, 'PP 46/2015 Art. 22: after at least 10 years of membership'),
      shareBps: {
        HOUSING: confirmed(3000, 'PP 46/2015 Art. 22: up to 30 % for housing'),
        OTHER: confirmed(1000, 'PP 46/2015 Art. 22: up to 10 % for other purposes'),
      },
    },
  },
};

// ---------------------------------------------------------------------------------------
// JKK and JKm outside the PMI scheme (BPU, PU, foreign workers)

const fromMemory = 'UNCONFIRMED (not in RULES.md): recalled from PP 44/2015 as amended by PP 82/2019';
const scholarshipSource = 'RULES.md "JHT and JKm": scholarship table [secondary]';
const scholarshipLevels = (
  status: FigureStatus,
  source: string,
): Record<SchoolLevel, { perYear: Figure<number>; maxYears: Figure<number> }> => {
  const table: Record<SchoolLevel, [number, number]> = {
    KINDERGARTEN: [1_500_000, 2],
    PRIMARY: [1_500_000, 6],
    JUNIOR_SECONDARY: [2_000_000, 3],
    SENIOR_SECONDARY: [3_000_000, 3],
    UNIVERSITY: [12_000_000, 5],
  };
  return Object.fromEntries(
    schoolLevels.map((level) => [level, { perYear: fig(table[level][0], status, source), maxYears: fig(table[level][1], status, source) }]),
  ) as Record<SchoolLevel, { perYear: Figure<number>; maxYears: Figure<number> }>;
};
const wageReplacement = (source: string): BenefitRule => ({
  kind: 'WAGE_REPLACEMENT',
  daysPerMonth: unconfirmed(30, `${source}; Lindung's daily wage is the monthly wage ÷ 30, rounded down`),
  stretches: [
    { firstDay: 1, lastDay: 365, shareBps: unconfirmed(10_000, `${source}: 100 % of the wage for the first 12 months`) },
    { firstDay: 366, lastDay: null, shareBps: unconfirmed(5_000, `${source}: 50 % from then until recovery`) },
  ],
});
const medicalCare = (source: string): BenefitRule => ({
  kind: 'DOCUMENTED_COST',
  basis: unconfirmed('MEDICAL_NEED', `${source}: care as medically needed, the invoices in full, no cap known`),
});

const generalRegulation: ClaimRegulation = {
  id: 'PP-44-2015-JKK-JKM',
  scope: 'GENERAL',
  name: {
    en: 'Government Regulation 44/2015 on work-accident (JKK) and death (JKm) protection, as amended by Government Regulation 82/2019',
    id: 'Peraturan Pemerintah Nomor 44 Tahun 2015 tentang JKK dan JKm, sebagaimana diubah dengan PP 82/2019',
  },
  source: {
    title: 'PP 44/2015; PP 82/2019',
    article: 'Benefits of JKK and JKm (articles not recorded in RULES.md)',
    note: 'Only the JKm total of 42,000,000 and the scholarship table are in RULES.md; the JKK figures are recalled and flagged UNCONFIRMED.',
  },
  effectiveFrom: '2015-07-01',
  effectiveFromStatus: 'UNCONFIRMED',
  benefits: {
    JKK_MEDICAL: medicalCare(fromMemory),
    JKK_TEMPORARY_INCAPACITY: wageReplacement(fromMemory),
    JKK_PERMANENT_DISABILITY: {
      kind: 'PERCENT_OF_WAGE_MULTIPLE',
      multiple: unconfirmed(80, `${fromMemory}: % of disability × 80 × monthly wage`),
    },
    JKK_DEATH: { kind: 'WAGE_MULTIPLE', multiple: unconfirmed(48, `${fromMemory}: 48 × monthly wage`) },
    JKK_FUNERAL: { kind: 'FIXED', amount: unconfirmed(10_000_000, `${fromMemory}: funeral Rp 10,000,000`) },
    JKK_RETURN_TO_WORK: {
      kind: 'DOCUMENTED_COST',
      basis: unconfirmed('REHABILITATION', `${fromMemory}: rehabilitation and training as invoiced`),
    },
    JKM_LUMP_SUM: {
      kind: 'FIXED',
      amount: unconfirmed(
        20_000_000,
        'RULES.md: standard JKm 42,000,000; its split 20 + 12 + 10 million is assumed as for a PMI (article 18896)',
      ),
    },
    JKM_PERIODIC: {
      kind: 'FIXED',
      amount: unconfirmed(12_000_000, 'RULES.md: standard JKm 42,000,000; split assumed as for a PMI; paid at once'),
    },
    JKM_FUNERAL: { kind: 'FIXED', amount: unconfirmed(10_000_000, 'RULES.md: standard JKm 42,000,000; split assumed as for a PMI') },
    JKM_SCHOLARSHIP: {
      kind: 'SCHOLARSHIP',
      minimumYears: secondary(3, 'RULES.md "JHT and JKm": after at least 3 years of membership [secondary]'),
      maxChildren: secondary(2, scholarshipSource),
      maxAgeExclusive: secondary(23, `${scholarshipSource}: children under 23, unmarried, not working`),
      levels: scholarshipLevels('SECONDARY', scholarshipSource),
    },
  },
};

// ---------------------------------------------------------------------------------------
// PMI

const article18896 = 'BPJS Ketenagakerjaan article 18896 (RULES.md, PMI benefits)';
const pmiLevelsSource = `${scholarshipSource}; the same table is assumed for PMI`;

const pmiBenefits = (
  v: '2018' | '2023',
): { benefits: ClaimRegulation['benefits']; eventPhases: NonNullable<ClaimRegulation['eventPhases']> } => {
  const assumed = (what: string) =>
    v === '2023' ? `UNCONFIRMED (RULES.md): ${what} not listed for 4/2023; the 18/2018 figure is kept` : '';
  const pmiFromMemory = `UNCONFIRMED (RULES.md: amounts of the other PMI JKK items are not listed); Lindung applies the general rule (${fromMemory})`;
  const jkmDuring =
    v === '2023'
      ? confirmed(85_000_000, `${article18896}: JKm, death during placement`)
      : unconfirmed(85_000_000, 'UNCONFIRMED: the 18/2018 figure is not in RULES.md; 4/2023 assumed');
  const outside = (value: number, what: string) =>
    v === '2023'
      ? confirmed(value, `${article18896}: JKm, death before or after placement, ${what}`)
      : unconfirmed(value, `UNCONFIRMED: the 18/2018 figure is not in RULES.md; 4/2023 assumed (${what})`);
  const includedDuring = fig<number | null>(
    null,
    v === '2023' ? 'CONFIRMED' : 'UNCONFIRMED',
    `${article18896}: during placement JKm is one amount of 85,000,000 (plus scholarships); no separate payment`,
  );
  const dismissal = (amount: number, range: string) =>
    v === '2018'
      ? secondary(amount, `RULES.md: dismissal after a work accident, before 2023, ${range} [secondary]`)
      : unconfirmed(amount, `${assumed('dismissal after a work accident')} (${range})`);
  const failedPlacementSource = 'RULES.md: failed placement under 18/2018, 7,500,000 + return airfare up to 10,000,000 [secondary]';
  return {
    eventPhases: {
      PMI_FAILED_DEPARTURE: confirmed(['BEFORE_PLACEMENT'], 'Permenaker 4/2023 Art. 27 (before and after placement)'),
      PMI_FAILED_PLACEMENT: confirmed(['DURING_PLACEMENT'], 'Permenaker 4/2023 Art. 34(1) (during placement)'),
      PMI_REPATRIATION: confirmed(['DURING_PLACEMENT'], 'Permenaker 4/2023 Art. 34(1) (during placement)'),
      PMI_DISMISSAL_AFTER_ACCIDENT: confirmed(['DURING_PLACEMENT'], 'Permenaker 4/2023 Art. 34(1) (during placement)'),
      PMI_LOSS_ON_WAY_HOME: confirmed(['AFTER_PLACEMENT'], 'Permenaker 4/2023 Art. 27: losses from acts of others on the way home'),
    },
    benefits: {
      JKK_MEDICAL: medicalCare(pmiFromMemory),
      JKK_TEMPORARY_INCAPACITY: wageReplacement(pmiFromMemory),
      JKK_PERMANENT_DISABILITY: { kind: 'PERCENT_OF_WAGE_MULTIPLE', multiple: unconfirmed(80, `${pmiFromMemory}: % × 80 × monthly wage`) },
      JKK_DEATH: {
        kind: 'FIXED',
        amount:
          v === '2023'
            ? confirmed(85_000_000, `${article18896}: JKK, death from a work accident`)
            : unconfirmed(85_000_000, 'UNCONFIRMED: the 18/2018 figure is not in RULES.md; 4/2023 assumed'),
      },
      JKK_RETURN_TO_WORK: { kind: 'DOCUMENTED_COST', basis: unconfirmed('REHABILITATION', pmiFromMemory) },
      JKM_LUMP_SUM: {
        kind: 'BY_PHASE',
        byPhase: {
          BEFORE_PLACEMENT: outside(20_000_000, 'lump sum'),
          DURING_PLACEMENT: jkmDuring,
          AFTER_PLACEMENT: outside(20_000_000, 'lump sum'),
        },
      },
      JKM_PERIODIC: {
        kind: 'BY_PHASE',
        byPhase: {
          BEFORE_PLACEMENT: outside(12_000_000, 'periodic (paid at once)'),
          DURING_PLACEMENT: includedDuring,
          AFTER_PLACEMENT: outside(12_000_000, 'periodic (paid at once)'),
        },
      },
      JKM_FUNERAL: {
        kind: 'BY_PHASE',
        byPhase: {
          BEFORE_PLACEMENT: outside(10_000_000, 'funeral'),
          DURING_PLACEMENT: includedDuring,
          AFTER_PLACEMENT: outside(10_000_000, 'funeral'),
        },
      },
      JKM_SCHOLARSHIP: {
        kind: 'SCHOLARSHIP',
        minimumYears: unconfirmed(0, 'RULES.md names scholarships for 2 children of a PMI without a minimum period; Lindung applies none'),
        maxChildren: confirmed(2, `${article18896}: scholarships for 2 children`),
        maxAgeExclusive: secondary(23, `${scholarshipSource}: children under 23`),
        levels: scholarshipLevels('SECONDARY', pmiLevelsSource),
      },
      PMI_FAILED_DEPARTURE: {
        kind: 'FIXED',
        amount:
          v === '2023'
            ? secondary(10_000_000, 'RULES.md: failed departure, not the worker’s fault, 10,000,000 [secondary]')
            : secondary(7_500_000, 'RULES.md: failed departure, 7,500,000 under 18/2018 [secondary]'),
        excludedCauses: confirmed(
          ['WORKER_AT_FAULT', 'PLACEMENT_COMPANY', 'GOVERNMENT_POLICY'],
          'Permenaker 4/2023 Art. 27(3): not the worker’s fault, and not when caused by the placement company or government policy',
        ),
      },
      PMI_FAILED_PLACEMENT: {
        kind: 'FIXED_PLUS_DOCUMENTED_COST',
        fixed:
          v === '2018' ? secondary(7_500_000, failedPlacementSource) : unconfirmed(7_500_000, `${assumed('failed placement')}: cash aid`),
        cap:
          v === '2018'
            ? secondary(10_000_000, failedPlacementSource)
            : unconfirmed(10_000_000, `${assumed('failed placement')}: airfare cap`),
        excludedCauses: confirmed(['WORKER_AT_FAULT'], 'Permenaker 4/2023 Art. 34(1): a failed placement that is not the worker’s fault'),
      },
      PMI_REPATRIATION: {
        kind: 'DOCUMENTED_COST',
        basis: unconfirmed(
          'REPATRIATION',
          'Permenaker 4/2023 Art. 34(1) covers repatriation; no amount in RULES.md, so the receipts are paid (UNCONFIRMED)',
        ),
      },
      PMI_DISMISSAL_AFTER_ACCIDENT: {
        kind: 'BY_MONTHS_WORKED',
        brackets: [
          { fromMonths: 3, toMonths: 6, amount: dismissal(2_000_000, '3 to under 6 months worked') },
          { fromMonths: 6, toMonths: 12, amount: dismissal(3_000_000, '6 to under 12 months') },
          { fromMonths: 12, toMonths: 18, amount: dismissal(4_000_000, '12 to under 18 months') },
          {
            fromMonths: 18,
            toMonths: null,
            amount: unconfirmed(4_000_000, 'Not in RULES.md: 18 months or more; Lindung pays the highest bracket'),
          },
        ],
      },
      PMI_LOSS_ON_WAY_HOME: {
        kind: 'DOCUMENTED_COST',
        basis: unconfirmed(
          'PROVEN_LOSS',
          'Permenaker 4/2023 Art. 27 covers losses on the way home; no amount in RULES.md, so the proven loss is paid (UNCONFIRMED)',
        ),
      },
    },
  };
};

const pmi2018 = pmiBenefits('2018');
const pmi2023 = pmiBenefits('2023');

const permenaker18of2018: ClaimRegulation = {
  id: 'PERMENAKER-18-2018-BENEFITS',
  scope: 'PMI',
  name: {
    en: 'Minister of Manpower Regulation 18/2018 on social security for Indonesian migrant workers (benefits)',
    id: 'Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2018 tentang Jaminan Sosial Pekerja Migran Indonesia (manfaat)',
  },
  source: {
    title: 'Permenaker 18/2018',
    article: 'Benefits of JKK and JKm (articles not recorded in RULES.md)',
    note: 'Revoked by Permenaker 4/2023 from 22 Feb 2023.',
  },
  effectiveFrom: '2018-12-10',
  effectiveFromStatus: 'CONFIRMED',
  jkkClaimWithinYears: confirmed(2, 'RULES.md: a JKK claim expires after 5 years under Permenaker 4/2023 Art. 43; it was 2'),
  eventPhases: pmi2018.eventPhases,
  benefits: pmi2018.benefits,
};

const permenaker4of2023: ClaimRegulation = {
  id: 'PERMENAKER-4-2023-BENEFITS',
  scope: 'PMI',
  name: {
    en: 'Minister of Manpower Regulation 4/2023 on the social-security programme for Indonesian migrant workers (benefits)',
    id: 'Peraturan Menteri Ketenagakerjaan Nomor 4 Tahun 2023 tentang Jaminan Sosial Pekerja Migran Indonesia (manfaat)',
  },
  source: {
    title: 'Permenaker 4/2023',
    article: 'Art. 27 (before and after placement), Art. 34(1) (JKK during placement), Art. 43, 50(1), 57(1) (claims)',
    note: 'In force 22 Feb 2023; benefits grow from 14 to 21 without higher contributions.',
  },
  effectiveFrom: '2023-02-22',
  effectiveFromStatus: 'CONFIRMED',
  jkkClaimWithinYears: confirmed(5, 'Permenaker 4/2023 (RULES.md): a JKK claim expires after 5 years (it was 2)'),
  eventPhases: pmi2023.eventPhases,
  benefits: pmi2023.benefits,
};

const claimRegulations: readonly ClaimRegulation[] = [jhtRegulation, generalRegulation, permenaker18of2018, permenaker4of2023];

export function listClaimRegulations(): readonly ClaimRegulation[] {
  return claimRegulations;
}

export function claimRegulationById(id: string): ClaimRegulation | undefined {
  return claimRegulations.find((r) => r.id === id);
}

/** The regulation of the scope with the latest effective date on or before `date`. */
export function claimRegulationInForce(scope: RegulationScope, date: string): ClaimRegulation | undefined {
  return claimRegulations
    .filter((r) => r.scope === scope && r.effectiveFrom <= date)
    .reduce<ClaimRegulation | undefined>((best, r) => (best === undefined || r.effectiveFrom > best.effectiveFrom ? r : best), undefined);
}
