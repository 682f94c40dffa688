/**
 * The amount of a claim, line by line, from the regulation table: pure, so the same
 * inputs give the same amount on any day. A claim stores its inputs and the id of the
 * regulation it was computed under; `calculate` with both reproduces it.
 *
 * Every amount is rounded down to the whole rupiah ("up to" in the regulations).
 */
import { type FieldIssue, issue, type Localized } from '../kernel/errors.ts';
import { type BenefitRule, type ClaimRegulation, claimRegulationById, claimRegulationInForce, type Figure } from './regulations.ts';
import {
  type ClaimType,
  type FailureCause,
  type FigureStatus,
  failureCauses,
  type JhtFullReason,
  jhtFullReasons,
  type PartialPurpose,
  type PmiEventPhase,
  partialPurposes,
  programOf,
  type SchoolLevel,
  schoolLevels,
} from './rules.ts';

export type MemberSegment = 'PMI' | 'BPU' | 'PU' | 'FOREIGN_WORKER';

/** What the claimant states about the event (stored with the claim as submitted). */
export interface ClaimFacts {
  /** The day of the event: accident, death, failed departure, end of work, 56th birthday… */
  eventDate: string;
  jhtReason?: JhtFullReason | undefined;
  partialPurpose?: PartialPurpose | undefined;
  /** Invoices or receipts: medical care, return to work, repatriation, airfare, losses. */
  invoices?: Array<{ reference: string; date: string; amount: number }> | undefined;
  daysOfIncapacity?: number | undefined;
  /** Monthly wage (or declared income) on which wage-based benefits are computed; the one on record when absent. */
  monthlyWage?: number | undefined;
  /** Percentage of disability from the doctor's assessment (1–100). */
  disabilityPercent?: number | undefined;
  monthsWorked?: number | undefined;
  cause?: FailureCause | undefined;
  children?: Array<{ name: string; birthDate: string; level: SchoolLevel; years: number }> | undefined;
}

/** What Lindung knows of the member, read when the claim is assessed (or given to the simulator). */
export interface MemberFacts {
  segment: MemberSegment;
  birthDate: string;
  nationality: string;
  /** First day of membership (the 10-year rule of partial JHT, the 3-year rule of scholarships). */
  membershipStart: string;
  /** PMI: the phase the worker was in on the event date (from the placements). */
  pmiPhaseOnEvent: PmiEventPhase | null;
  /** PMI: whether a placement is still open on the claim date. */
  placementOpen: boolean;
  /** JHT balance at the end of the assessment date. */
  jhtBalance: number | null;
  /** Whether the balance includes a yield posted at an unconfirmed rate. */
  jhtBalanceUnconfirmed: boolean;
  /** Wage or declared income on record. */
  wageOnRecord: number | null;
}

export interface CalculationInput {
  claimType: ClaimType;
  /** The day the claim was made: waits and ages are counted to it. */
  claimDate: string;
  facts: ClaimFacts;
  member: MemberFacts;
}

export interface CalculationLine {
  code: string;
  description: Localized;
  basis: Localized;
  amount: number;
  status: FigureStatus;
  source: string;
}

export interface Refusal {
  code: string;
  message: Localized;
  status: FigureStatus;
  source: string;
}

export interface Calculation {
  claimType: ClaimType;
  regulation: { id: string; name: Localized; title: string; article: string; effectiveFrom: string };
  eligible: boolean;
  refusals: Refusal[];
  lines: CalculationLine[];
  total: number;
  /** The weakest status of the figures used. */
  status: FigureStatus;
  unconfirmed: boolean;
  inputs: CalculationInput;
}

// Grouped by thousands: 1,250,000 in English, 1.250.000 in Indonesian (toLocaleString is
// slow enough to matter when 100,000 claims are assessed at once).
const grouped = (n: number, separator: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
const rupiah = (n: number) => grouped(n, ',');
const rupiahId = (n: number) => grouped(n, '.');

const strength: Record<FigureStatus, number> = { CONFIRMED: 2, SECONDARY: 1, UNCONFIRMED: 0 };
export function weakestStatus(...statuses: FigureStatus[]): FigureStatus {
  return statuses.reduce<FigureStatus>((weakest, s) => (strength[s] < strength[weakest] ? s : weakest), 'CONFIRMED');
}

/** Whole years from `from` to `on`. */
export function completedYears(from: string, on: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return Math.max(0, oy - fy - (om < fm || (om === fm && od < fd) ? 1 : 0));
}

/** The same day `months` later (the last day of the month when it has fewer days). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The regulation a claim is priced under: by the member's segment and the event date. */
export function regulationFor(type: ClaimType, segment: MemberSegment, eventDate: string): ClaimRegulation | undefined {
  if (programOf(type) === 'JHT') return claimRegulationInForce('JHT', eventDate);
  return claimRegulationInForce(segment === 'PMI' ? 'PMI' : 'GENERAL', eventDate);
}

// ---------------------------------------------------------------------------------------
// Facts each claim type needs (checked at submission and by the simulator, all at once)

const isMoney = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

export function factIssues(type: ClaimType, facts: ClaimFacts, pointer = '/facts'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const need = (field: string, en: string, id: string) => issues.push(issue(`${pointer}/${field}`, 'FACT_REQUIRED', en, id));
  if (!isIsoDate(facts.eventDate)) {
    issues.push(
      issue(
        `${pointer}/eventDate`,
        'INVALID_DATE',
        'The event date must be a date (YYYY-MM-DD).',
        'Tanggal kejadian harus berupa tanggal (YYYY-MM-DD).',
      ),
    );
  }
  const needsInvoices =
    type === 'JKK_MEDICAL' ||
    type === 'JKK_RETURN_TO_WORK' ||
    type === 'PMI_FAILED_PLACEMENT' ||
    type === 'PMI_REPATRIATION' ||
    type === 'PMI_LOSS_ON_WAY_HOME';
  if (type === 'JHT_FULL' && !jhtFullReasons.includes(facts.jhtReason as JhtFullReason)) {
    need(
      'jhtReason',
      `A full JHT claim names its reason: ${jhtFullReasons.join(', ')}.`,
      `Klaim JHT penuh menyebut alasannya: ${jhtFullReasons.join(', ')}.`,
    );
  }
  if (type === 'JHT_PARTIAL' && !partialPurposes.includes(facts.partialPurpose as PartialPurpose)) {
    need(
      'partialPurpose',
      'A partial JHT claim names its purpose: HOUSING or OTHER.',
      'Klaim JHT sebagian menyebut tujuannya: HOUSING atau OTHER.',
    );
  }
  if (needsInvoices) {
    if (!facts.invoices || facts.invoices.length === 0) {
      need(
        'invoices',
        'This claim is paid on its invoices or receipts: list at least one.',
        'Klaim ini dibayar berdasarkan kuitansi: cantumkan minimal satu.',
      );
    }
    (facts.invoices ?? []).forEach((invoice, i) => {
      if (!isMoney(invoice.amount)) {
        issues.push(
          issue(
            `${pointer}/invoices/${i}/amount`,
            'AMOUNT_NOT_POSITIVE',
            'An invoice amount is a positive whole number of rupiah.',
            'Jumlah kuitansi adalah bilangan bulat rupiah positif.',
          ),
        );
      }
      if (!isIsoDate(invoice.date) || (isIsoDate(facts.eventDate) && invoice.date < facts.eventDate)) {
        issues.push(
          issue(
            `${pointer}/invoices/${i}/date`,
            'INVOICE_BEFORE_EVENT',
            'An invoice is dated on or after the event.',
            'Kuitansi bertanggal pada atau setelah kejadian.',
          ),
        );
      }
    });
  }
  if (type === 'JKK_TEMPORARY_INCAPACITY' && !(Number.isSafeInteger(facts.daysOfIncapacity) && (facts.daysOfIncapacity ?? 0) > 0)) {
    need(
      'daysOfIncapacity',
      'Give the days of incapacity to work (a whole number above zero).',
      'Isi jumlah hari tidak mampu bekerja (bilangan bulat lebih dari nol).',
    );
  }
  if (type === 'JKK_PERMANENT_DISABILITY') {
    const p = facts.disabilityPercent;
    if (!(Number.isSafeInteger(p) && (p ?? 0) >= 1 && (p ?? 0) <= 100)) {
      need(
        'disabilityPercent',
        'Give the percentage of disability from the doctor’s assessment (1 to 100).',
        'Isi persentase kecacatan dari penilaian dokter (1 sampai 100).',
      );
    }
  }
  if (type === 'PMI_DISMISSAL_AFTER_ACCIDENT' && !(Number.isSafeInteger(facts.monthsWorked) && (facts.monthsWorked ?? -1) >= 0)) {
    need('monthsWorked', 'Give the whole months worked before the dismissal.', 'Isi jumlah bulan bekerja sebelum PHK.');
  }
  if ((type === 'PMI_FAILED_DEPARTURE' || type === 'PMI_FAILED_PLACEMENT') && !failureCauses.includes(facts.cause as FailureCause)) {
    need('cause', `Say what caused it: ${failureCauses.join(', ')}.`, `Sebutkan penyebabnya: ${failureCauses.join(', ')}.`);
  }
  if (facts.monthlyWage !== undefined && !isMoney(facts.monthlyWage)) {
    issues.push(
      issue(
        `${pointer}/monthlyWage`,
        'AMOUNT_NOT_POSITIVE',
        'The monthly wage is a positive whole number of rupiah.',
        'Upah bulanan adalah bilangan bulat rupiah positif.',
      ),
    );
  }
  if (type === 'JKM_SCHOLARSHIP') {
    if (!facts.children || facts.children.length === 0)
      need('children', 'Name the children the scholarship is for.', 'Sebutkan anak penerima beasiswa.');
    (facts.children ?? []).forEach((child, i) => {
      if (!isIsoDate(child.birthDate)) {
        issues.push(
          issue(
            `${pointer}/children/${i}/birthDate`,
            'INVALID_DATE',
            'A birth date is a date (YYYY-MM-DD).',
            'Tanggal lahir harus berupa tanggal (YYYY-MM-DD).',
          ),
        );
      }
      if (!schoolLevels.includes(child.level)) {
        issues.push(
          issue(
            `${pointer}/children/${i}/level`,
            'UNKNOWN_LEVEL',
            `The level is one of ${schoolLevels.join(', ')}.`,
            `Jenjang adalah salah satu dari ${schoolLevels.join(', ')}.`,
          ),
        );
      }
      if (!(Number.isSafeInteger(child.years) && child.years >= 1)) {
        issues.push(
          issue(
            `${pointer}/children/${i}/years`,
            'YEARS_NOT_POSITIVE',
            'Years claimed: a whole number from 1.',
            'Tahun yang diklaim: bilangan bulat mulai 1.',
          ),
        );
      }
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------
// The calculation

interface Builder {
  regulation: ClaimRegulation;
  lines: CalculationLine[];
  refusals: Refusal[];
  line(code: string, amount: number, description: Localized, basis: Localized, ...figures: Array<Figure<unknown>>): void;
  refuse(code: string, message: Localized, figure: { status: FigureStatus; source: string }): void;
}

/**
 * The amount a claim is worth under `regulation` (by default the one in force on the
 * event date for the member's segment), with every line naming its rule and figures, or
 * the reasons it is not payable.
 */
export function calculate(input: CalculationInput, regulationId?: string): Calculation {
  const regulation =
    (regulationId ? claimRegulationById(regulationId) : regulationFor(input.claimType, input.member.segment, input.facts.eventDate)) ??
    undefined;
  if (!regulation) {
    const none: Refusal = {
      code: 'NO_REGULATION_IN_FORCE',
      message: {
        en: `Lindung knows no benefit regulation in force on ${input.facts.eventDate} for this claim.`,
        id: `Lindung tidak mengenal peraturan manfaat yang berlaku pada ${input.facts.eventDate} untuk klaim ini.`,
      },
      status: 'CONFIRMED',
      source: 'claims/regulations.ts',
    };
    return {
      claimType: input.claimType,
      regulation: { id: 'NONE', name: { en: 'none', id: 'tidak ada' }, title: '', article: '', effectiveFrom: '' },
      eligible: false,
      refusals: [none],
      lines: [],
      total: 0,
      status: 'CONFIRMED',
      unconfirmed: false,
      inputs: input,
    };
  }
  const b: Builder = {
    regulation,
    lines: [],
    refusals: [],
    line(code, amount, description, basis, ...figures) {
      const status = weakestStatus(...figures.map((f) => f.status));
      const source = [...new Set(figures.map((f) => f.source))].join('; ');
      this.lines.push({ code, amount, description, basis, status, source });
    },
    refuse(code, message, figure) {
      this.refusals.push({ code, message, status: figure.status, source: figure.source });
    },
  };
  const rule = regulation.benefits[input.claimType];
  if (input.claimType.startsWith('PMI_') && input.member.segment !== 'PMI') {
    b.refuse(
      'NOT_A_MIGRANT_WORKER',
      { en: 'Only a migrant worker (PMI) may claim this benefit.', id: 'Hanya pekerja migran (PMI) yang dapat mengklaim manfaat ini.' },
      { status: 'CONFIRMED', source: 'Permenaker 4/2023 (PMI-specific risks)' },
    );
  } else if (!rule) {
    b.refuse(
      'NOT_A_BENEFIT_OF_REGULATION',
      {
        en: `${regulation.source.title} has no ${input.claimType} benefit for a ${input.member.segment} member.`,
        id: `${regulation.source.title} tidak memiliki manfaat ${input.claimType} untuk peserta ${input.member.segment}.`,
      },
      { status: 'CONFIRMED', source: regulation.source.title },
    );
  } else {
    checkPhase(input, b);
    if (b.refusals.length === 0) apply(rule, input, b);
  }
  const eligible = b.refusals.length === 0;
  const lines = eligible ? b.lines : [];
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const status = weakestStatus(...lines.map((l) => l.status));
  return {
    claimType: input.claimType,
    regulation: {
      id: regulation.id,
      name: regulation.name,
      title: regulation.source.title,
      article: regulation.source.article,
      effectiveFrom: regulation.effectiveFrom,
    },
    eligible,
    refusals: b.refusals,
    lines,
    total,
    status,
    unconfirmed: lines.some((l) => l.status === 'UNCONFIRMED'),
    inputs: input,
  };
}

function checkPhase(input: CalculationInput, b: Builder): void {
  const within = b.regulation.jkkClaimWithinYears;
  if (within && programOf(input.claimType) === 'JKK' && input.claimDate > addMonths(input.facts.eventDate, 12 * within.value)) {
    b.refuse(
      'CLAIM_EXPIRED',
      {
        en: `A JKK claim expires ${within.value} years after the event: this one could be made until ${addMonths(input.facts.eventDate, 12 * within.value)}.`,
        id: `Klaim JKK kedaluwarsa ${within.value} tahun setelah kejadian: klaim ini dapat diajukan sampai ${addMonths(input.facts.eventDate, 12 * within.value)}.`,
      },
      within,
    );
  }
  const phases = b.regulation.eventPhases?.[input.claimType];
  if (phases && input.member.pmiPhaseOnEvent !== null && !phases.value.includes(input.member.pmiPhaseOnEvent)) {
    b.refuse(
      'WRONG_PHASE_FOR_BENEFIT',
      {
        en: `This benefit is for an event ${phases.value.join(' or ').toLowerCase().replaceAll('_', ' ')}; on ${input.facts.eventDate} the worker was ${input.member.pmiPhaseOnEvent.toLowerCase().replaceAll('_', ' ')}.`,
        id: `Manfaat ini untuk kejadian pada fase ${phases.value.join(' atau ')}; pada ${input.facts.eventDate} pekerja berada pada fase ${input.member.pmiPhaseOnEvent}.`,
      },
      phases,
    );
  }
}

function wageOf(input: CalculationInput, b: Builder): { wage: number; figure: Figure<number> } | undefined {
  const wage = input.facts.monthlyWage ?? input.member.wageOnRecord;
  if (!wage) {
    b.refuse(
      'WAGE_REQUIRED',
      {
        en: 'This benefit is computed on the monthly wage or declared income: none is on record, so the claim must state it.',
        id: 'Manfaat ini dihitung dari upah atau penghasilan bulanan yang dilaporkan: tidak ada yang tercatat, jadi klaim harus menyebutkannya.',
      },
      { status: 'CONFIRMED', source: b.regulation.source.title },
    );
    return undefined;
  }
  const stated = input.facts.monthlyWage !== undefined;
  return {
    wage,
    figure: {
      value: wage,
      status: 'CONFIRMED',
      source: stated
        ? 'the monthly wage stated in the claim (proven by its documents)'
        : 'the wage or declared income on the member’s record',
    },
  };
}

function causeRefused(excluded: Figure<readonly FailureCause[]> | undefined, input: CalculationInput, b: Builder): boolean {
  if (excluded && input.facts.cause && excluded.value.includes(input.facts.cause)) {
    b.refuse(
      'CAUSE_NOT_COVERED',
      {
        en: `Not paid when the cause is ${input.facts.cause.toLowerCase().replaceAll('_', ' ')}.`,
        id: `Tidak dibayar bila penyebabnya ${input.facts.cause}.`,
      },
      excluded,
    );
    return true;
  }
  return false;
}

function apply(rule: BenefitRule, input: CalculationInput, b: Builder): void {
  const { facts, member } = input;
  switch (rule.kind) {
    case 'JHT_BALANCE': {
      const reason = facts.jhtReason as JhtFullReason;
      const condition = rule.reasons[reason];
      const { minimumAge, waitMonths, only } = condition.value;
      if (minimumAge !== undefined && completedYears(member.birthDate, input.claimDate) < minimumAge) {
        b.refuse(
          'BELOW_AGE',
          {
            en: `JHT is paid in full from age ${minimumAge}; the member is ${completedYears(member.birthDate, input.claimDate)} on ${input.claimDate}.`,
            id: `JHT dibayar penuh mulai usia ${minimumAge}; peserta berusia ${completedYears(member.birthDate, input.claimDate)} pada ${input.claimDate}.`,
          },
          condition,
        );
      }
      if (waitMonths !== undefined && input.claimDate < addMonths(facts.eventDate, waitMonths)) {
        b.refuse(
          'WAITING_PERIOD',
          {
            en: `After stopping work JHT is paid after ${waitMonths} month(s): from ${addMonths(facts.eventDate, waitMonths)}.`,
            id: `Setelah berhenti bekerja JHT dibayar setelah ${waitMonths} bulan: mulai ${addMonths(facts.eventDate, waitMonths)}.`,
          },
          condition,
        );
      }
      if (only === 'FOREIGN_NATIONAL' && member.nationality === 'ID') {
        b.refuse(
          'FOREIGN_NATIONALS_ONLY',
          {
            en: 'Leaving Indonesia for good applies to foreign nationals only.',
            id: 'Meninggalkan Indonesia untuk selamanya hanya berlaku bagi warga negara asing.',
          },
          condition,
        );
      }
      if (only === 'PMI' && (member.segment !== 'PMI' || member.placementOpen)) {
        b.refuse(
          'PLACEMENT_NOT_ENDED',
          {
            en: 'Paid to a migrant worker whose placement has ended; a placement is still open.',
            id: 'Dibayar kepada PMI yang penempatannya telah berakhir; masih ada penempatan yang berjalan.',
          },
          condition,
        );
      }
      const balance = member.jhtBalance ?? 0;
      if (balance <= 0) {
        b.refuse('NO_BALANCE', { en: 'The JHT account has no balance to pay.', id: 'Saldo JHT kosong.' }, condition);
        return;
      }
      const balanceFigure: Figure<number> = {
        value: balance,
        status: member.jhtBalanceUnconfirmed ? 'UNCONFIRMED' : 'CONFIRMED',
        source: member.jhtBalanceUnconfirmed ? 'JHT ledger (includes a yield posted at an unconfirmed rate)' : 'JHT ledger',
      };
      b.line(
        'JHT_FULL_BALANCE',
        balance,
        { en: `JHT balance paid in full (${reason})`, id: `Saldo JHT dibayar penuh (${reason})` },
        { en: `balance of Rp ${rupiah(balance)} in the ledger`, id: `saldo Rp ${rupiahId(balance)} di buku besar` },
        condition,
        balanceFigure,
      );
      return;
    }
    case 'JHT_SHARE': {
      const purpose = facts.partialPurpose as PartialPurpose;
      const years = completedYears(member.membershipStart, input.claimDate);
      if (years < rule.minimumYears.value) {
        b.refuse(
          'MEMBERSHIP_TOO_SHORT',
          {
            en: `A partial JHT withdrawal needs ${rule.minimumYears.value} years of membership; the member has ${years} (since ${member.membershipStart}).`,
            id: `Pengambilan JHT sebagian memerlukan ${rule.minimumYears.value} tahun kepesertaan; peserta baru ${years} tahun (sejak ${member.membershipStart}).`,
          },
          rule.minimumYears,
        );
      }
      const balance = member.jhtBalance ?? 0;
      if (balance <= 0) b.refuse('NO_BALANCE', { en: 'The JHT account has no balance.', id: 'Saldo JHT kosong.' }, rule.minimumYears);
      if (b.refusals.length > 0) return;
      const share = rule.shareBps[purpose];
      const amount = Math.floor((balance * share.value) / 10_000);
      b.line(
        'JHT_PARTIAL_SHARE',
        amount,
        {
          en: `Partial JHT for ${purpose.toLowerCase()}: ${share.value / 100} % of the balance`,
          id: `JHT sebagian untuk ${purpose}: ${share.value / 100} % dari saldo`,
        },
        {
          en: `${share.value / 100} % × Rp ${rupiah(balance)} after ${years} years of membership, rounded down`,
          id: `${share.value / 100} % × Rp ${rupiahId(balance)} setelah ${years} tahun kepesertaan, dibulatkan ke bawah`,
        },
        share,
        rule.minimumYears,
        { value: balance, status: member.jhtBalanceUnconfirmed ? 'UNCONFIRMED' : 'CONFIRMED', source: 'JHT ledger' },
      );
      return;
    }
    case 'FIXED': {
      if (causeRefused(rule.excludedCauses, input, b)) return;
      b.line(
        input.claimType,
        rule.amount.value,
        describe(input.claimType),
        {
          en: `Rp ${rupiah(rule.amount.value)} set by ${b.regulation.source.title}`,
          id: `Rp ${rupiahId(rule.amount.value)} menurut ${b.regulation.source.title}`,
        },
        rule.amount,
        ...(rule.excludedCauses ? [rule.excludedCauses] : []),
      );
      return;
    }
    case 'BY_PHASE': {
      const phase = member.pmiPhaseOnEvent ?? 'DURING_PLACEMENT';
      const figure = rule.byPhase[phase];
      if (figure.value === null) {
        b.refuse(
          'INCLUDED_IN_OTHER_BENEFIT',
          {
            en: `Not paid separately for a death ${phase.toLowerCase().replaceAll('_', ' ')}: it is part of the JKm lump sum.`,
            id: `Tidak dibayar terpisah untuk kematian pada fase ${phase}: sudah termasuk dalam santunan JKm sekaligus.`,
          },
          figure,
        );
        return;
      }
      b.line(
        input.claimType,
        figure.value,
        describe(input.claimType),
        {
          en: `Rp ${rupiah(figure.value)} for a death ${phase.toLowerCase().replaceAll('_', ' ')}`,
          id: `Rp ${rupiahId(figure.value)} untuk kematian pada fase ${phase}`,
        },
        figure,
      );
      return;
    }
    case 'DOCUMENTED_COST':
    case 'FIXED_PLUS_DOCUMENTED_COST': {
      if (rule.kind === 'FIXED_PLUS_DOCUMENTED_COST') {
        if (causeRefused(rule.excludedCauses, input, b)) return;
        b.line(
          `${input.claimType}_CASH_AID`,
          rule.fixed.value,
          { en: 'Cash aid', id: 'Bantuan uang tunai' },
          { en: `Rp ${rupiah(rule.fixed.value)}`, id: `Rp ${rupiahId(rule.fixed.value)}` },
          rule.fixed,
        );
      }
      const cap = rule.cap;
      const basis = rule.kind === 'DOCUMENTED_COST' ? rule.basis : rule.cap;
      let remaining = cap ? cap.value : Number.POSITIVE_INFINITY;
      for (const invoice of facts.invoices ?? []) {
        const paid = Math.min(invoice.amount, remaining);
        remaining -= paid;
        const capped = paid < invoice.amount;
        b.line(
          `${input.claimType}_INVOICE`,
          paid,
          { en: `Invoice ${invoice.reference} of ${invoice.date}`, id: `Kuitansi ${invoice.reference} tanggal ${invoice.date}` },
          capped
            ? {
                en: `Rp ${rupiah(invoice.amount)} invoiced, paid up to the cap of Rp ${rupiah(cap?.value ?? 0)}`,
                id: `Rp ${rupiahId(invoice.amount)} ditagihkan, dibayar sampai batas Rp ${rupiahId(cap?.value ?? 0)}`,
              }
            : { en: `Rp ${rupiah(invoice.amount)} as invoiced`, id: `Rp ${rupiahId(invoice.amount)} sesuai kuitansi` },
          basis,
          ...(cap && cap !== basis ? [cap] : []),
        );
      }
      return;
    }
    case 'WAGE_REPLACEMENT': {
      const wage = wageOf(input, b);
      if (!wage) return;
      const daily = Math.floor(wage.wage / rule.daysPerMonth.value);
      const days = facts.daysOfIncapacity ?? 0;
      for (const stretch of rule.stretches) {
        const last = stretch.lastDay === null ? days : Math.min(days, stretch.lastDay);
        const count = last - stretch.firstDay + 1;
        if (count <= 0) continue;
        const amount = Math.floor((count * daily * stretch.shareBps.value) / 10_000);
        b.line(
          'WAGES_DURING_INCAPACITY',
          amount,
          {
            en: `Wages for days ${stretch.firstDay}–${last} of incapacity at ${stretch.shareBps.value / 100} %`,
            id: `Upah hari ke-${stretch.firstDay}–${last} tidak mampu bekerja sebesar ${stretch.shareBps.value / 100} %`,
          },
          {
            en: `${count} days × Rp ${rupiah(daily)} (Rp ${rupiah(wage.wage)} ÷ ${rule.daysPerMonth.value}) × ${stretch.shareBps.value / 100} %`,
            id: `${count} hari × Rp ${rupiahId(daily)} (Rp ${rupiahId(wage.wage)} ÷ ${rule.daysPerMonth.value}) × ${stretch.shareBps.value / 100} %`,
          },
          stretch.shareBps,
          rule.daysPerMonth,
          wage.figure,
        );
      }
      return;
    }
    case 'PERCENT_OF_WAGE_MULTIPLE': {
      const wage = wageOf(input, b);
      if (!wage) return;
      const percent = facts.disabilityPercent ?? 0;
      const amount = Math.floor((percent * rule.multiple.value * wage.wage) / 100);
      b.line(
        input.claimType,
        amount,
        describe(input.claimType),
        {
          en: `${percent} % × ${rule.multiple.value} × Rp ${rupiah(wage.wage)} monthly wage`,
          id: `${percent} % × ${rule.multiple.value} × upah bulanan Rp ${rupiahId(wage.wage)}`,
        },
        rule.multiple,
        wage.figure,
      );
      return;
    }
    case 'WAGE_MULTIPLE': {
      const wage = wageOf(input, b);
      if (!wage) return;
      b.line(
        input.claimType,
        rule.multiple.value * wage.wage,
        describe(input.claimType),
        {
          en: `${rule.multiple.value} × Rp ${rupiah(wage.wage)} monthly wage`,
          id: `${rule.multiple.value} × upah bulanan Rp ${rupiahId(wage.wage)}`,
        },
        rule.multiple,
        wage.figure,
      );
      return;
    }
    case 'BY_MONTHS_WORKED': {
      const months = facts.monthsWorked ?? 0;
      const bracket = rule.brackets.find((br) => months >= br.fromMonths && (br.toMonths === null || months < br.toMonths));
      if (!bracket) {
        const first = rule.brackets[0];
        b.refuse(
          'TOO_FEW_MONTHS_WORKED',
          {
            en: `Paid from ${first?.fromMonths ?? 0} months worked; the worker had worked ${months}.`,
            id: `Dibayar mulai ${first?.fromMonths ?? 0} bulan bekerja; pekerja baru bekerja ${months} bulan.`,
          },
          first?.amount ?? { status: 'CONFIRMED', source: b.regulation.source.title },
        );
        return;
      }
      b.line(
        input.claimType,
        bracket.amount.value,
        describe(input.claimType),
        {
          en: `${months} months worked: the bracket from ${bracket.fromMonths}${bracket.toMonths === null ? '' : ` to under ${bracket.toMonths}`} months`,
          id: `${months} bulan bekerja: kelompok ${bracket.fromMonths}${bracket.toMonths === null ? '+' : `–<${bracket.toMonths}`} bulan`,
        },
        bracket.amount,
      );
      return;
    }
    case 'SCHOLARSHIP': {
      const years = completedYears(member.membershipStart, facts.eventDate);
      if (years < rule.minimumYears.value) {
        b.refuse(
          'MINIMUM_CONTRIBUTION_PERIOD_NOT_MET',
          {
            en: `Scholarships need ${rule.minimumYears.value} years of membership before the death; the member had ${years}.`,
            id: `Beasiswa memerlukan ${rule.minimumYears.value} tahun kepesertaan sebelum meninggal; peserta baru ${years} tahun.`,
          },
          rule.minimumYears,
        );
      }
      const children = facts.children ?? [];
      if (children.length > rule.maxChildren.value) {
        b.refuse(
          'TOO_MANY_CHILDREN',
          {
            en: `Scholarships are for ${rule.maxChildren.value} children at most.`,
            id: `Beasiswa untuk paling banyak ${rule.maxChildren.value} anak.`,
          },
          rule.maxChildren,
        );
      }
      for (const child of children) {
        const age = completedYears(child.birthDate, input.claimDate);
        if (age >= rule.maxAgeExclusive.value) {
          b.refuse(
            'CHILD_TOO_OLD',
            {
              en: `${child.name} is ${age}; scholarships are for children under ${rule.maxAgeExclusive.value}.`,
              id: `${child.name} berusia ${age}; beasiswa untuk anak di bawah ${rule.maxAgeExclusive.value} tahun.`,
            },
            rule.maxAgeExclusive,
          );
        }
        const level = rule.levels[child.level];
        if (child.years > level.maxYears.value) {
          b.refuse(
            'TOO_MANY_YEARS',
            {
              en: `${child.level.toLowerCase().replaceAll('_', ' ')} is paid for ${level.maxYears.value} years at most; ${child.years} claimed for ${child.name}.`,
              id: `Jenjang ${child.level} dibayar paling lama ${level.maxYears.value} tahun; diklaim ${child.years} tahun untuk ${child.name}.`,
            },
            level.maxYears,
          );
        }
      }
      if (b.refusals.length > 0) return;
      for (const child of children) {
        const level = rule.levels[child.level];
        b.line(
          'SCHOLARSHIP',
          level.perYear.value * child.years,
          {
            en: `Scholarship for ${child.name} (${child.level.toLowerCase().replaceAll('_', ' ')})`,
            id: `Beasiswa untuk ${child.name} (${child.level})`,
          },
          {
            en: `${child.years} year(s) × Rp ${rupiah(level.perYear.value)} a year`,
            id: `${child.years} tahun × Rp ${rupiahId(level.perYear.value)} per tahun`,
          },
          level.perYear,
          level.maxYears,
          rule.maxChildren,
          rule.minimumYears,
        );
      }
      return;
    }
  }
}

const descriptions: Record<ClaimType, Localized> = {
  JHT_FULL: { en: 'JHT paid in full', id: 'JHT dibayar penuh' },
  JHT_PARTIAL: { en: 'Partial JHT', id: 'JHT sebagian' },
  JKK_MEDICAL: { en: 'Medical care after a work accident', id: 'Perawatan medis setelah kecelakaan kerja' },
  JKK_TEMPORARY_INCAPACITY: { en: 'Wages during temporary incapacity', id: 'Santunan sementara tidak mampu bekerja' },
  JKK_PERMANENT_DISABILITY: { en: 'Permanent disability from a work accident', id: 'Cacat tetap akibat kecelakaan kerja' },
  JKK_DEATH: { en: 'Death from a work accident', id: 'Meninggal dunia akibat kecelakaan kerja' },
  JKK_FUNERAL: { en: 'Funeral after a work accident', id: 'Biaya pemakaman akibat kecelakaan kerja' },
  JKK_RETURN_TO_WORK: { en: 'Return to work (rehabilitation)', id: 'Kembali bekerja (rehabilitasi)' },
  JKM_LUMP_SUM: { en: 'Death benefit, lump sum', id: 'Santunan kematian sekaligus' },
  JKM_PERIODIC: { en: 'Death benefit, periodic payments (paid at once)', id: 'Santunan berkala (dibayar sekaligus)' },
  JKM_FUNERAL: { en: 'Funeral', id: 'Biaya pemakaman' },
  JKM_SCHOLARSHIP: { en: 'Scholarships for children', id: 'Beasiswa anak' },
  PMI_FAILED_DEPARTURE: { en: 'Cash aid for a failed departure', id: 'Bantuan uang tunai gagal berangkat' },
  PMI_FAILED_PLACEMENT: { en: 'Failed placement', id: 'Gagal ditempatkan' },
  PMI_REPATRIATION: { en: 'Repatriation', id: 'Pemulangan' },
  PMI_DISMISSAL_AFTER_ACCIDENT: { en: 'Cash aid for dismissal after a work accident', id: 'Bantuan PHK akibat kecelakaan kerja' },
  PMI_LOSS_ON_WAY_HOME: {
    en: 'Losses from acts of others on the way home',
    id: 'Kerugian akibat tindakan pihak lain dalam perjalanan pulang',
  },
};

export function describe(type: ClaimType): Localized {
  return descriptions[type];
}
