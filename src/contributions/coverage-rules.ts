import { type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import {
  type ContributionSegment,
  type Figure,
  type FigureStatus,
  isIsoDate,
  type Program,
  programs,
  regulationInForce,
} from './regulations.ts';

/**
 * What a paid item protects, and for how long (pure). The lengths come from the
 * regulation in force: for a PMI on the day of payment, for BPU and PU on the first day
 * of the paid period. Periods are inclusive of both ends.
 *
 * A period of N months starting on day D ends the day before day D of the N-th month
 * after; when that month has no day D (31 January + 1 month), it ends on that month's
 * last day (28 or 29 February).
 */

export type CoveredItem = 'BEFORE_PLACEMENT' | 'PLACEMENT' | 'EXTENSION' | 'MONTHS';

export interface CoverageFactsByItem {
  /** `contractStart` is the departure, when known: the before-placement cover ends the day before. */
  BEFORE_PLACEMENT: { paidOn: string; contractStart?: string };
  PLACEMENT: { paidOn: string; contractStart: string; contractEnd: string };
  EXTENSION: { paidOn: string; previousEnd: string; newEnd: string };
  /** BPU and PU: `months` calendar months from `periodStart` (the first of a month). */
  MONTHS: { segment: 'BPU' | 'PU'; periodStart: string; months: number; programs: readonly Program[] };
}

export interface CoveredPeriod {
  program: Program;
  from: string;
  /** Inclusive. */
  to: string;
  /** UNCONFIRMED when the length rests on an unconfirmed figure (e.g. the after-placement months). */
  status: FigureStatus;
  source: string;
}

export function coverageOf<I extends CoveredItem>(item: I, facts: CoverageFactsByItem[I]): CoveredPeriod[] {
  switch (item) {
    case 'BEFORE_PLACEMENT':
      return beforePlacement(facts as CoverageFactsByItem['BEFORE_PLACEMENT']);
    case 'PLACEMENT':
      return placement(facts as CoverageFactsByItem['PLACEMENT']);
    case 'EXTENSION':
      return extension(facts as CoverageFactsByItem['EXTENSION']);
    case 'MONTHS':
      return paidMonths(facts as CoverageFactsByItem['MONTHS']);
    default:
      throw invalidInput([issue('/item', 'VALUE_NOT_ALLOWED', `Unknown item ${String(item)}.`, `Jenis ${String(item)} tidak dikenal.`)]);
  }
}

/** From the payment up to the regulation's before-placement months, ending before departure if that comes first. */
function beforePlacement(facts: CoverageFactsByItem['BEFORE_PLACEMENT']): CoveredPeriod[] {
  refuse([...dateIssues(facts, ['paidOn']), ...(facts.contractStart === undefined ? [] : dateIssues(facts, ['contractStart']))]);
  const regulation = regulationInForce('PMI', facts.paidOn);
  const maxMonths = regulation.tariffs.protection.beforePlacementMaxMonths;
  const capEnd = lastDayOfPeriod(facts.paidOn, maxMonths.value);
  const to = facts.contractStart === undefined ? capEnd : earlier(capEnd, addDays(facts.contractStart, -1));
  // Paid on or after departure: the before-placement phase is over, nothing left to cover.
  if (to < facts.paidOn) return [];
  return regulation.tariffs.coveredPrograms.map((program) => period(program, facts.paidOn, to, maxMonths));
}

/** The contract, then the after-placement months. */
function placement(facts: CoverageFactsByItem['PLACEMENT']): CoveredPeriod[] {
  refuse(dateIssues(facts, ['paidOn', 'contractStart', 'contractEnd']));
  refuse(
    facts.contractEnd < facts.contractStart
      ? [
          issue(
            '/contractEnd',
            'CONTRACT_ENDS_BEFORE_START',
            `The contract must not end (${facts.contractEnd}) before it starts (${facts.contractStart}).`,
            `Kontrak tidak boleh berakhir (${facts.contractEnd}) sebelum dimulai (${facts.contractStart}).`,
          ),
        ]
      : [],
  );
  const regulation = regulationInForce('PMI', facts.paidOn);
  const after = regulation.tariffs.protection.afterPlacementMonths;
  const to = lastDayOfPeriod(addDays(facts.contractEnd, 1), after.value);
  return regulation.tariffs.coveredPrograms.map((program) => period(program, facts.contractStart, to, after));
}

/** The added months from the day after the previous end, then the after-placement months. */
function extension(facts: CoverageFactsByItem['EXTENSION']): CoveredPeriod[] {
  refuse(dateIssues(facts, ['paidOn', 'previousEnd', 'newEnd']));
  refuse(
    facts.newEnd <= facts.previousEnd
      ? [
          issue(
            '/newEnd',
            'EXTENSION_ENDS_BEFORE_PREVIOUS_END',
            `An extension must end (${facts.newEnd}) after the previous end (${facts.previousEnd}).`,
            `Perpanjangan harus berakhir (${facts.newEnd}) setelah akhir sebelumnya (${facts.previousEnd}).`,
          ),
        ]
      : [],
  );
  const regulation = regulationInForce('PMI', facts.paidOn);
  const after = regulation.tariffs.protection.afterPlacementMonths;
  const to = lastDayOfPeriod(addDays(facts.newEnd, 1), after.value);
  return regulation.tariffs.coveredPrograms.map((program) => period(program, addDays(facts.previousEnd, 1), to, after));
}

/** BPU and PU: each paid month covers its calendar month. */
function paidMonths(facts: CoverageFactsByItem['MONTHS']): CoveredPeriod[] {
  const issues = dateIssues(facts, ['periodStart']);
  if (issues.length === 0 && !facts.periodStart.endsWith('-01')) {
    issues.push(
      issue(
        '/periodStart',
        'NOT_FIRST_OF_MONTH',
        `A paid period starts on the first of a month; got ${facts.periodStart}.`,
        `Periode yang dibayar dimulai pada tanggal 1; diterima ${facts.periodStart}.`,
      ),
    );
  }
  if (!Number.isInteger(facts.months) || facts.months < 1) {
    issues.push(
      issue(
        '/months',
        'OUT_OF_RANGE',
        `Months must be a whole number of at least 1; got ${facts.months}.`,
        `Jumlah bulan harus bilangan bulat paling sedikit 1; diterima ${facts.months}.`,
      ),
    );
  }
  if (facts.programs.length === 0) {
    issues.push(issue('/programs', 'PROGRAMS_EMPTY', 'Name at least one program.', 'Sebutkan paling sedikit satu program.'));
  }
  refuse(issues);
  const regulation = regulationInForce(facts.segment, facts.periodStart);
  const defined = regulation.tariffs.programs;
  refuse(
    facts.programs.flatMap((program, index) =>
      Object.hasOwn(defined, program)
        ? []
        : [
            issue(
              `/programs/${index}`,
              'PROGRAM_NOT_IN_SEGMENT',
              `${regulation.source.title} defines no ${program} for ${facts.segment}.`,
              `${regulation.source.title} tidak mengatur ${program} untuk ${facts.segment}.`,
            ),
          ],
    ),
  );
  const to = lastDayOfPeriod(facts.periodStart, facts.months);
  return programs
    .filter((p) => facts.programs.includes(p))
    .map((program) => period(program, facts.periodStart, to, regulation.tariffs.paidMonthCovers));
}

/** Which contribution rules a membership segment follows (a foreign worker is a wage earner). */
export function contributionSegmentOf(segment: string): ContributionSegment {
  return segment === 'PMI' || segment === 'BPU' ? segment : 'PU';
}

/** Days after the last covered day during which a late payment still continues the protection. */
export function gracePeriodOf(segment: ContributionSegment, date: string): Figure<number> {
  return regulationInForce(segment, date).gracePeriodDays;
}

/**
 * Whether `date` falls in the grace period that follows `lastCoveredTo`, under the
 * regulation in force on the first uncovered day. A covered day is not "in grace".
 */
export function isInGrace(lastCoveredTo: string, date: string, segment: ContributionSegment): boolean {
  refuse(dateIssues({ lastCoveredTo, date }, ['lastCoveredTo', 'date']));
  if (date <= lastCoveredTo) return false;
  const graceDays = gracePeriodOf(segment, addDays(lastCoveredTo, 1)).value;
  return date <= addDays(lastCoveredTo, graceDays);
}

// ---------------------------------------------------------------------------------------
// Calendar arithmetic on YYYY-MM-DD strings (UTC, so no time zone can shift a day)
// ---------------------------------------------------------------------------------------

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = partsOf(date);
  return iso(new Date(Date.UTC(year, month - 1, day + days)));
}

/** The last day of a period of `months` months that starts on `start` (see the module comment). */
export function lastDayOfPeriod(start: string, months: number): string {
  const [year, month, day] = partsOf(start);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const targetLength = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  if (day > targetLength) return iso(new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), targetLength)));
  return iso(new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day - 1)));
}

function partsOf(date: string): [number, number, number] {
  const [year, month, day] = date.split('-').map(Number);
  return [year ?? Number.NaN, month ?? Number.NaN, day ?? Number.NaN];
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function earlier(a: string, b: string): string {
  return a <= b ? a : b;
}

function period(program: Program, from: string, to: string, figure: Figure<unknown>): CoveredPeriod {
  return { program, from, to, status: figure.status, source: figure.source };
}

function dateIssues<T extends object>(facts: T, fields: Array<keyof T & string>): FieldIssue[] {
  return fields.flatMap((field) => {
    const value = facts[field];
    return typeof value === 'string' && isIsoDate(value)
      ? []
      : [
          issue(
            `/${field}`,
            'INVALID_DATE',
            `${field} is not a calendar date (YYYY-MM-DD): ${String(value)}.`,
            `${field} bukan tanggal (YYYY-MM-DD): ${String(value)}.`,
          ),
        ];
  });
}

function refuse(issues: FieldIssue[]): void {
  if (issues.length > 0) throw invalidInput(issues);
}
