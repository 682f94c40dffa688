import { DomainError, type FieldIssue, invalidInput, issue, type Localized } from '../kernel/errors.ts';
import {
  type BpuRegulation,
  type DueStage,
  type Figure,
  type FigureStatus,
  isIsoDate,
  type PlacementFee,
  type PlacementRoute,
  type PmiQuoteItem,
  type PmiRegulation,
  type Program,
  type PuRegulation,
  placementRoutes,
  pmiQuoteItems,
  programs,
  type RateRule,
  type Regulation,
  type RegulationSource,
  regulationInForce,
  type StagedPayment,
  type WageCap,
  weakestStatus,
} from './regulations.ts';

/**
 * The contribution engine (pure): facts in, a quote out, every amount computed from the
 * figures of the regulation in force on the quote's date, every line flagged with the
 * status of the weakest figure it used.
 *
 * Rounding: a rate gives a fraction of a rupiah; each party's monthly amount is rounded
 * half up to the whole rupiah, once per line and month (for wage earners, the employer's
 * and the worker's shares separately, and the line is their sum). The monthly amount is
 * then multiplied by the number of months, so every month of a line costs the same.
 */

export const payers = ['WORKER', 'EMPLOYER', 'PLACEMENT_AGENCY', 'GOVERNMENT_PROGRAM'] as const;
export type Payer = (typeof payers)[number];

export const bpuPrograms = ['JKK', 'JKM', 'JHT'] as const;
export type BpuProgram = (typeof bpuPrograms)[number];

interface CommonFacts {
  /** The day the contribution is quoted for (YYYY-MM-DD): it picks the regulation. */
  date: string;
  /** Who pays; echoed on the quote (a government program pays for Askesos cohorts). */
  payer?: Payer;
}

export interface PmiQuoteFacts extends CommonFacts {
  segment: 'PMI';
  item: PmiQuoteItem;
  placementRoute: PlacementRoute;
  /** Length of the placement contract, for PLACEMENT and FULL. */
  contractMonths?: number;
  /** Months added by a contract extension, for EXTENSION. */
  extensionMonths?: number;
  /** Optional JHT: a monthly amount from the regulation's table, for `jhtMonths` months. */
  jhtMonthlyAmount?: number;
  jhtMonths?: number;
}

export interface BpuQuoteFacts extends CommonFacts {
  segment: 'BPU';
  declaredMonthlyIncome: number;
  months: number;
  programs: readonly BpuProgram[];
}

export interface PuQuoteFacts extends CommonFacts {
  segment: 'PU';
  monthlyWage: number;
  riskClass: number;
  months: number;
  programs: readonly Program[];
}

export type QuoteFacts = PmiQuoteFacts | BpuQuoteFacts | PuQuoteFacts;

/** A program, or the combined JKK + JKm fee of a PMI. */
export type LineProgram = Program | 'JKK_JKM';

export interface QuoteLine {
  /** Stable, e.g. PMI_PLACEMENT_FEE or PU_JHT. */
  code: string;
  program: LineProgram;
  description: Localized;
  /** How the amount was computed. */
  basis: Localized;
  amount: number;
  /** Wage earners: who pays what; employer + worker = amount. */
  shares?: { employer: number; worker: number };
  /** PMI: when the line falls due. */
  dueStage?: DueStage;
  status: FigureStatus;
  source: string;
}

/** Something the reader must know about the quote: an interpretation, a cap, a rounding. */
export interface QuoteNote {
  code: string;
  text: Localized;
}

export interface Quote {
  segment: QuoteFacts['segment'];
  date: string;
  payer: Payer;
  currency: 'IDR';
  regulation: { id: string; name: Localized; source: RegulationSource; effectiveFrom: string };
  lines: QuoteLine[];
  total: number;
  /** The weakest status of any line. */
  status: FigureStatus;
  /** True when any line rests on an UNCONFIRMED figure or interpretation. */
  unconfirmed: boolean;
  notes: QuoteNote[];
}

/** Not regulation: bounds that keep the arithmetic exact and catch slips of the keyboard. */
export const quoteLimits = { maxMonths: 600, maxRupiah: 1_000_000_000_000, maxRiskClass: 100 } as const;

const defaultPayer: Record<QuoteFacts['segment'], Payer> = { PMI: 'WORKER', BPU: 'WORKER', PU: 'EMPLOYER' };

interface Draft {
  lines: QuoteLine[];
  notes: QuoteNote[];
}

/** The contribution for the facts under the regulation in force on `facts.date`. */
export function quote(facts: QuoteFacts): Quote {
  const issues = [...commonIssues(facts), ...inputIssues(facts)];
  if (issues.length > 0) throw invalidInput(issues);
  const { regulation, draft } = priced(facts);
  const status = weakestStatus(...draft.lines.map((l) => l.status));
  return {
    segment: facts.segment,
    date: facts.date,
    payer: facts.payer ?? defaultPayer[facts.segment],
    currency: 'IDR',
    regulation: { id: regulation.id, name: regulation.name, source: regulation.source, effectiveFrom: regulation.effectiveFrom },
    lines: draft.lines,
    total: draft.lines.reduce((sum, line) => sum + line.amount, 0),
    status,
    unconfirmed: status === 'UNCONFIRMED',
    notes: draft.notes,
  };
}

function priced(facts: QuoteFacts): { regulation: Regulation; draft: Draft } {
  switch (facts.segment) {
    case 'PMI': {
      const regulation = regulationInForce('PMI', facts.date);
      return { regulation, draft: quotePmi(facts, regulation) };
    }
    case 'BPU': {
      const regulation = regulationInForce('BPU', facts.date);
      return { regulation, draft: quoteBpu(facts, regulation) };
    }
    case 'PU': {
      const regulation = regulationInForce('PU', facts.date);
      return { regulation, draft: quotePu(facts, regulation) };
    }
  }
}

// ---------------------------------------------------------------------------------------
// Input checks that need no regulation
// ---------------------------------------------------------------------------------------

function commonIssues(facts: QuoteFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const segment = (facts as { segment: unknown }).segment;
  if (segment !== 'PMI' && segment !== 'BPU' && segment !== 'PU') {
    issues.push(issue('/segment', 'VALUE_NOT_ALLOWED', 'Use one of PMI, BPU, PU.', 'Gunakan salah satu dari PMI, BPU, PU.'));
  }
  if (typeof facts.date !== 'string' || !isIsoDate(facts.date)) {
    issues.push(
      issue('/date', 'INVALID_DATE', `Not a calendar date (YYYY-MM-DD): ${facts.date}.`, `Bukan tanggal (YYYY-MM-DD): ${facts.date}.`),
    );
  }
  if (facts.payer !== undefined && !payers.includes(facts.payer)) {
    issues.push(issue('/payer', 'VALUE_NOT_ALLOWED', `Use one of ${payers.join(', ')}.`, `Gunakan salah satu dari ${payers.join(', ')}.`));
  }
  return issues;
}

function inputIssues(facts: QuoteFacts): FieldIssue[] {
  switch (facts.segment) {
    case 'PMI':
      return pmiInputIssues(facts);
    case 'BPU':
      return [
        ...wholeNumber(
          facts.declaredMonthlyIncome,
          '/declaredMonthlyIncome',
          quoteLimits.maxRupiah,
          'declared monthly income',
          'penghasilan bulanan',
        ),
        ...wholeNumber(facts.months, '/months', quoteLimits.maxMonths, 'months', 'jumlah bulan'),
        ...programListIssues(facts.programs),
      ];
    case 'PU':
      return [
        ...wholeNumber(facts.monthlyWage, '/monthlyWage', quoteLimits.maxRupiah, 'monthly wage', 'upah bulanan'),
        ...wholeNumber(facts.riskClass, '/riskClass', quoteLimits.maxRiskClass, 'risk class', 'kelompok risiko'),
        ...wholeNumber(facts.months, '/months', quoteLimits.maxMonths, 'months', 'jumlah bulan'),
        ...programListIssues(facts.programs),
      ];
    default:
      return [];
  }
}

function pmiInputIssues(facts: PmiQuoteFacts): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!pmiQuoteItems.includes(facts.item)) {
    issues.push(
      issue(
        '/item',
        'VALUE_NOT_ALLOWED',
        `Use one of ${pmiQuoteItems.join(', ')}.`,
        `Gunakan salah satu dari ${pmiQuoteItems.join(', ')}.`,
      ),
    );
  }
  if (!placementRoutes.includes(facts.placementRoute)) {
    issues.push(
      issue(
        '/placementRoute',
        'VALUE_NOT_ALLOWED',
        `Use one of ${placementRoutes.join(', ')}.`,
        `Gunakan salah satu dari ${placementRoutes.join(', ')}.`,
      ),
    );
  }
  const placing = facts.item === 'PLACEMENT' || facts.item === 'FULL';
  if (facts.contractMonths !== undefined) {
    issues.push(...wholeNumber(facts.contractMonths, '/contractMonths', quoteLimits.maxMonths, 'contract months', 'lama kontrak (bulan)'));
    if (!placing) issues.push(notForItem('/contractMonths', 'contractMonths', 'PLACEMENT, FULL', facts.item));
  }
  if (facts.item === 'EXTENSION' && facts.extensionMonths === undefined) {
    issues.push(required('/extensionMonths', 'extensionMonths', 'an EXTENSION quote', 'penawaran EXTENSION'));
  }
  if (facts.extensionMonths !== undefined) {
    issues.push(...wholeNumber(facts.extensionMonths, '/extensionMonths', quoteLimits.maxMonths, 'extension months', 'bulan perpanjangan'));
    if (facts.item !== 'EXTENSION') issues.push(notForItem('/extensionMonths', 'extensionMonths', 'EXTENSION', facts.item));
  }
  if (facts.jhtMonthlyAmount !== undefined && facts.jhtMonths === undefined) {
    issues.push(required('/jhtMonths', 'jhtMonths', 'a JHT amount', 'iuran JHT'));
  }
  if (facts.jhtMonths !== undefined && facts.jhtMonthlyAmount === undefined) {
    issues.push(required('/jhtMonthlyAmount', 'jhtMonthlyAmount', 'JHT months', 'bulan JHT'));
  }
  if (facts.jhtMonths !== undefined) {
    issues.push(...wholeNumber(facts.jhtMonths, '/jhtMonths', quoteLimits.maxMonths, 'JHT months', 'bulan JHT'));
  }
  return issues;
}

function wholeNumber(value: unknown, pointer: string, max: number, en: string, id: string): FieldIssue[] {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return [];
  return [
    issue(
      pointer,
      'OUT_OF_RANGE',
      `The ${en} must be a whole number from 1 to ${max}; got ${String(value)}.`,
      `Isian ${id} harus bilangan bulat dari 1 sampai ${max}; diterima ${String(value)}.`,
    ),
  ];
}

function required(pointer: string, field: string, en: string, id: string): FieldIssue {
  return issue(pointer, 'FIELD_REQUIRED', `${field} is required with ${en}.`, `${field} wajib diisi untuk ${id}.`);
}

function notForItem(pointer: string, field: string, items: string, item: string): FieldIssue {
  return issue(
    pointer,
    'NOT_FOR_ITEM',
    `${field} applies to ${items} only, not to ${item}.`,
    `${field} hanya berlaku untuk ${items}, tidak untuk ${item}.`,
  );
}

function programListIssues(list: readonly string[]): FieldIssue[] {
  if (!Array.isArray(list) || list.length === 0) {
    return [issue('/programs', 'PROGRAMS_EMPTY', 'Name at least one program.', 'Sebutkan paling sedikit satu program.')];
  }
  return list.flatMap((program, index) =>
    list.indexOf(program) === index
      ? []
      : [issue(`/programs/${index}`, 'DUPLICATE_PROGRAM', `${program} is listed twice.`, `${program} disebut dua kali.`)],
  );
}

/** Checks the program list against what the regulation defines and requires. */
function programIssues(
  list: readonly string[],
  defined: Partial<Record<Program, unknown>>,
  requiredPrograms: Program[],
  regulation: Regulation,
) {
  const issues: FieldIssue[] = [];
  list.forEach((program, index) => {
    if (!Object.hasOwn(defined, program)) {
      issues.push(
        issue(
          `/programs/${index}`,
          'PROGRAM_NOT_IN_SEGMENT',
          `${regulation.source.title} defines no ${program} contribution for ${regulation.segment}; it defines ${Object.keys(defined).join(', ')}.`,
          `${regulation.source.title} tidak mengatur iuran ${program} untuk ${regulation.segment}; yang diatur: ${Object.keys(defined).join(', ')}.`,
        ),
      );
    }
  });
  for (const program of requiredPrograms.filter((p) => !list.includes(p))) {
    issues.push(
      issue(
        '/programs',
        'PROGRAM_REQUIRED',
        `${program} is compulsory for ${regulation.segment} under ${regulation.source.title}: include it.`,
        `${program} wajib untuk ${regulation.segment} menurut ${regulation.source.title}: sertakan.`,
      ),
    );
  }
  return issues;
}

// ---------------------------------------------------------------------------------------
// PMI
// ---------------------------------------------------------------------------------------

const pmiDescriptions = {
  BEFORE_PLACEMENT: { en: 'JKK and JKm contribution, before placement', id: 'Iuran JKK dan JKM sebelum bekerja' },
  PLACEMENT: { en: 'JKK and JKm contribution, during and after placement', id: 'Iuran JKK dan JKM selama dan setelah bekerja' },
  EXTENSION: { en: 'JKK and JKm contribution for a contract extension', id: 'Iuran JKK dan JKM untuk perpanjangan perjanjian kerja' },
  JHT: { en: 'Optional JHT (old-age savings)', id: 'Iuran JHT (Jaminan Hari Tua) sukarela' },
} satisfies Record<string, Localized>;

function quotePmi(facts: PmiQuoteFacts, regulation: PmiRegulation): Draft {
  const tariffs = regulation.tariffs;
  const routeStages = tariffs.staging.value[facts.placementRoute];
  const staged: readonly StagedPayment[] = facts.item === 'FULL' ? routeStages : routeStages.filter((stage) => stage.item === facts.item);
  const issues = pmiRuleIssues(facts, regulation, staged);
  if (issues.length > 0) throw invalidInput(issues);
  const extension = tariffs.extension;
  if (facts.item === 'EXTENSION' && !extension) {
    throw new DomainError(
      'invalid',
      'TARIFF_NOT_IN_REGULATION',
      {
        en: `${regulation.source.title}, in force on ${facts.date}, sets no monthly contribution for a contract extension in Lindung's tables, so an extension cannot be quoted for that date.`,
        id: `${regulation.source.title}, yang berlaku pada ${facts.date}, tidak menetapkan iuran bulanan untuk perpanjangan kontrak dalam tabel Lindung, sehingga perpanjangan tidak dapat dihitung untuk tanggal itu.`,
      },
      { extensions: { regulationId: regulation.id, item: facts.item } },
    );
  }

  const lines: QuoteLine[] = [];
  const notes: QuoteNote[] = [];
  for (const stage of staged) {
    if (stage.item === 'BEFORE_PLACEMENT') {
      const fee = tariffs.beforePlacementFee;
      lines.push({
        code: 'PMI_BEFORE_PLACEMENT_FEE',
        program: 'JKK_JKM',
        description: pmiDescriptions.BEFORE_PLACEMENT,
        basis: both(
          (l) => `${w(l, 'flat amount for the before-placement phase', 'jumlah tetap untuk masa sebelum bekerja')}: ${rp(fee.value, l)}`,
        ),
        amount: fee.value,
        dueStage: stage.dueStage,
        status: fee.status,
        source: fee.source,
      });
    } else {
      const priced = placementFeeFor(tariffs.placementFee, facts.contractMonths ?? 0, regulation);
      lines.push({
        code: 'PMI_PLACEMENT_FEE',
        program: 'JKK_JKM',
        description: pmiDescriptions.PLACEMENT,
        basis: priced.basis,
        amount: priced.amount,
        dueStage: stage.dueStage,
        status: priced.status,
        source: priced.source,
      });
      if (priced.note) notes.push(priced.note);
    }
  }
  if (staged.length > 0 && tariffs.staging.status !== 'CONFIRMED') {
    notes.push({
      code: 'DUE_STAGES_ASSUMED',
      text: {
        en: `When each part falls due is an assumption for ${regulation.source.title} (${tariffs.staging.status}); the amounts are not affected.`,
        id: `Tahap jatuh tempo setiap bagian merupakan asumsi untuk ${regulation.source.title} (${tariffs.staging.status}); jumlahnya tidak terpengaruh.`,
      },
    });
  }
  if (facts.item === 'EXTENSION' && extension) {
    const months = facts.extensionMonths ?? 0;
    lines.push({
      code: 'PMI_EXTENSION_FEE',
      program: 'JKK_JKM',
      description: pmiDescriptions.EXTENSION,
      basis: both((l) => `${rp(extension.perMonth.value, l)} × ${monthCount(months, l)} ${w(l, 'of extension', 'perpanjangan')}`),
      amount: extension.perMonth.value * months,
      dueStage: extension.dueStage,
      status: extension.perMonth.status,
      source: extension.perMonth.source,
    });
  }
  if (facts.jhtMonthlyAmount !== undefined && facts.jhtMonths !== undefined) {
    const [amount, months] = [facts.jhtMonthlyAmount, facts.jhtMonths];
    lines.push({
      code: 'PMI_JHT',
      program: 'JHT',
      description: pmiDescriptions.JHT,
      basis: both((l) => `${rp(amount, l)} ${w(l, 'a month', 'per bulan')} × ${monthCount(months, l)}`),
      amount: amount * months,
      status: tariffs.optionalJht.monthlyAmounts.status,
      source: tariffs.optionalJht.monthlyAmounts.source,
    });
  }
  return { lines, notes };
}

/** What the regulation in force says about these facts: the route's payments, the contract length, the JHT table. */
function pmiRuleIssues(facts: PmiQuoteFacts, regulation: PmiRegulation, staged: readonly StagedPayment[]): FieldIssue[] {
  const tariffs = regulation.tariffs;
  const routeStages = tariffs.staging.value[facts.placementRoute];
  const issues: FieldIssue[] = [];
  if ((facts.item === 'BEFORE_PLACEMENT' || facts.item === 'PLACEMENT') && staged.length === 0) {
    issues.push(
      issue(
        '/item',
        'ITEM_NOT_FOR_ROUTE',
        `Under ${regulation.source.title} a ${facts.placementRoute} PMI pays ${routeStages.map((s) => s.item).join(' and ')} only, not ${facts.item}.`,
        `Menurut ${regulation.source.title} PMI ${facts.placementRoute} hanya membayar ${routeStages.map((s) => s.item).join(' dan ')}, bukan ${facts.item}.`,
      ),
    );
  }
  const placing = staged.some((stage) => stage.item === 'PLACEMENT');
  if (placing && tariffs.placementFee.kind === 'TIERED' && facts.contractMonths === undefined) {
    issues.push(
      issue(
        '/contractMonths',
        'FIELD_REQUIRED',
        `${regulation.source.title} prices the placement fee by contract length: give contractMonths.`,
        `${regulation.source.title} menetapkan iuran penempatan menurut lama kontrak: isi contractMonths.`,
      ),
    );
  }
  const jhtTable = tariffs.optionalJht.monthlyAmounts;
  if (facts.jhtMonthlyAmount !== undefined) {
    if (!jhtTable.value.includes(facts.jhtMonthlyAmount)) {
      const choices = jhtTable.value.map((a) => rp(a, 'en')).join(', ');
      issues.push(
        issue(
          '/jhtMonthlyAmount',
          'JHT_AMOUNT_NOT_IN_TABLE',
          `Choose the monthly JHT amount from ${choices}; got ${facts.jhtMonthlyAmount}.`,
          `Pilih iuran JHT bulanan dari ${jhtTable.value.map((a) => rp(a, 'id')).join(', ')}; diterima ${facts.jhtMonthlyAmount}.`,
        ),
      );
    }
    if (!tariffs.optionalJht.withItems.includes(facts.item)) {
      issues.push(
        issue(
          '/jhtMonthlyAmount',
          'JHT_NOT_FOR_ITEM',
          `JHT is open once the candidate becomes a PMI: quote it with ${tariffs.optionalJht.withItems.join(', ')}, not ${facts.item}.`,
          `JHT terbuka setelah calon menjadi PMI: sertakan dengan ${tariffs.optionalJht.withItems.join(', ')}, bukan ${facts.item}.`,
        ),
      );
    }
  }
  return issues;
}

interface PricedPlacement {
  amount: number;
  basis: Localized;
  status: FigureStatus;
  source: string;
  note?: QuoteNote;
}

/**
 * The placement fee for a contract of `contractMonths`.
 *
 * A tiered regulation (4/2023) sets amounts for some contract lengths only (6, 12, 24
 * months). Lindung's interpretation for other lengths, flagged UNCONFIRMED on the line
 * and explained in a note: the longest tier not longer than the contract, plus the
 * per-month amount for each month beyond it (18 months = 189,000 + 6 × 13,500); below the
 * shortest tier, the shortest tier; beyond the longest, the longest plus each month
 * beyond. One refinement: never more than the next longer tier, which covers the contract
 * too (a 23-month contract would otherwise cost 337,500, more than 24 months' 332,500).
 */
function placementFeeFor(fee: PlacementFee, contractMonths: number, regulation: Regulation): PricedPlacement {
  if (fee.kind === 'FLAT') {
    return {
      amount: fee.amount.value,
      basis: both(
        (l) => `${w(l, 'flat amount, whatever the contract length', 'jumlah tetap, berapa pun lama kontrak')}: ${rp(fee.amount.value, l)}`,
      ),
      status: fee.amount.status,
      source: fee.amount.source,
    };
  }
  const tiers = [...fee.tiers].sort((a, b) => a.contractMonths - b.contractMonths);
  const exact = tiers.find((t) => t.contractMonths === contractMonths);
  if (exact) {
    return {
      amount: exact.amount.value,
      basis: both(
        (l) => `${w(l, 'tier for a contract of', 'tarif untuk kontrak')} ${monthCount(contractMonths, l)}: ${rp(exact.amount.value, l)}`,
      ),
      status: exact.amount.status,
      source: exact.amount.source,
    };
  }
  const shortest = tiers[0];
  if (!shortest) throw new Error(`Regulation ${regulation.id} has a tiered placement fee without tiers.`);
  const base = tiers.filter((t) => t.contractMonths <= contractMonths).at(-1) ?? shortest;
  const next = tiers.find((t) => t.contractMonths > contractMonths);
  const extraMonths = Math.max(0, contractMonths - base.contractMonths);
  const extended = base.amount.value + extraMonths * fee.perExtraMonth.value;
  const capped = next !== undefined && next.amount.value < extended;
  const amount = capped ? next.amount.value : extended;
  const tier = (t: typeof base, l: keyof Localized) =>
    `${w(l, 'tier for', 'tarif')} ${monthCount(t.contractMonths, l)} (${rp(t.amount.value, l)})`;
  const basis = both((l) => {
    if (extraMonths === 0) {
      return `${tier(base, l)}, ${w(l, 'the shortest, for a contract of', 'yang terpendek, untuk kontrak')} ${monthCount(contractMonths, l)}`;
    }
    const sum = `${tier(base, l)} + ${monthCount(extraMonths, l)} × ${rp(fee.perExtraMonth.value, l)}`;
    return capped && next ? `${sum} = ${rp(extended, l)}, ${w(l, 'capped at the', 'dibatasi pada')} ${tier(next, l)}` : sum;
  });
  const lengths = tiers.map((t) => t.contractMonths).join('/');
  return {
    amount,
    basis,
    status: weakestStatus(base.amount.status, fee.perExtraMonth.status, 'UNCONFIRMED'),
    source: `${base.amount.source}; interpretation for a ${contractMonths}-month contract (UNCONFIRMED)`,
    note: {
      code: 'PLACEMENT_FEE_INTERPRETED',
      text: {
        en: `${regulation.source.title} sets the placement fee for contracts of ${lengths} months only. For ${contractMonths} months Lindung takes the longest tier not longer than the contract (the shortest tier if the contract is shorter) plus ${rp(fee.perExtraMonth.value, 'en')} for each month beyond it, never more than the next longer tier. This is Lindung's interpretation (UNCONFIRMED).`,
        id: `${regulation.source.title} menetapkan iuran penempatan hanya untuk kontrak ${lengths} bulan. Untuk ${contractMonths} bulan Lindung memakai tarif terpanjang yang tidak melebihi kontrak (tarif terpendek bila kontrak lebih pendek) ditambah ${rp(fee.perExtraMonth.value, 'id')} untuk setiap bulan kelebihannya, tidak pernah lebih dari tarif berikutnya yang lebih panjang. Ini tafsiran Lindung (BELUM TERKONFIRMASI).`,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------
// BPU
// ---------------------------------------------------------------------------------------

function quoteBpu(facts: BpuQuoteFacts, regulation: BpuRegulation): Draft {
  const defined = regulation.tariffs.programs;
  const requiredPrograms = programs.filter((p) => defined[p]?.required);
  const issues = programIssues(facts.programs, defined, requiredPrograms, regulation);
  if (issues.length > 0) throw invalidInput(issues);

  const { bracket, note } = incomeBracketOf(regulation.tariffs.incomeBrackets, facts.declaredMonthlyIncome);
  const months = facts.months;
  const lines: QuoteLine[] = [];
  for (const program of programs.filter((p) => facts.programs.includes(p as BpuProgram))) {
    const tariff = defined[program];
    if (!tariff) continue;
    const rule = tariff.rule;
    if (rule.kind === 'FLAT_MONTHLY') {
      lines.push({
        code: `BPU_${program}`,
        program,
        description: programNames[program],
        basis: both((l) => `${rp(rule.amount.value, l)} ${w(l, 'a month', 'per bulan')} × ${monthCount(months, l)}`),
        amount: rule.amount.value * months,
        status: rule.amount.status,
        source: rule.amount.source,
      });
    } else {
      const monthly = rateOf(bracket.value, rule.rateBps.value);
      lines.push({
        code: `BPU_${program}`,
        program,
        description: programNames[program],
        basis: both(
          (l) =>
            `${pct(rule.rateBps.value, l)} ${w(l, 'of', 'dari')} ${rp(bracket.value, l)} (${w(l, 'income bracket', 'golongan penghasilan')}) = ${rp(monthly, l)} ${w(l, 'a month', 'per bulan')} × ${monthCount(months, l)}`,
        ),
        amount: monthly * months,
        status: weakestStatus(rule.rateBps.status, bracket.status),
        source: sources(rule.rateBps, bracket),
      });
    }
  }
  return { lines, notes: note ? [note] : [] };
}

/** The bracket a declared income falls in: rounded down to a bracket, within the table's range. */
export function incomeBracketOf(brackets: readonly Figure<number>[], declared: number): { bracket: Figure<number>; note?: QuoteNote } {
  const ascending = [...brackets].sort((a, b) => a.value - b.value);
  const lowest = ascending[0];
  const highest = ascending.at(-1);
  if (!lowest || !highest) throw new Error('The regulation has no income brackets.');
  const bracket = ascending.filter((b) => b.value <= declared).at(-1);
  if (!bracket) {
    return {
      bracket: lowest,
      note: {
        code: 'INCOME_BELOW_LOWEST_BRACKET',
        text: {
          en: `The declared income ${rp(declared, 'en')} is below the lowest bracket; contributions are computed on ${rp(lowest.value, 'en')}.`,
          id: `Penghasilan yang dilaporkan ${rp(declared, 'id')} di bawah golongan terendah; iuran dihitung dari ${rp(lowest.value, 'id')}.`,
        },
      },
    };
  }
  if (bracket.value === declared) return { bracket };
  const above = bracket === highest;
  return {
    bracket,
    note: {
      code: above ? 'INCOME_ABOVE_HIGHEST_BRACKET' : 'INCOME_ROUNDED_DOWN_TO_BRACKET',
      text: above
        ? {
            en: `The declared income ${rp(declared, 'en')} is above the highest bracket; contributions are computed on ${rp(bracket.value, 'en')}.`,
            id: `Penghasilan yang dilaporkan ${rp(declared, 'id')} di atas golongan tertinggi; iuran dihitung dari ${rp(bracket.value, 'id')}.`,
          }
        : {
            en: `The declared income ${rp(declared, 'en')} is rounded down to its bracket, ${rp(bracket.value, 'en')}.`,
            id: `Penghasilan yang dilaporkan ${rp(declared, 'id')} dibulatkan ke bawah ke golongannya, ${rp(bracket.value, 'id')}.`,
          },
    },
  };
}

// ---------------------------------------------------------------------------------------
// PU
// ---------------------------------------------------------------------------------------

function quotePu(facts: PuQuoteFacts, regulation: PuRegulation): Draft {
  const defined = regulation.tariffs.programs;
  const issues = programIssues(facts.programs, defined, [], regulation);
  const riskClasses = [
    ...new Set(
      Object.values(defined).flatMap((t) =>
        [t.employer, t.worker].flatMap((r) => (r.kind === 'BY_RISK_CLASS' ? r.classes.map((c) => c.riskClass) : [])),
      ),
    ),
  ].sort((a, b) => a - b);
  if (riskClasses.length > 0 && !riskClasses.includes(facts.riskClass)) {
    issues.push(
      issue(
        '/riskClass',
        'UNKNOWN_RISK_CLASS',
        `Risk class ${facts.riskClass} is not in the table; use one of ${riskClasses.join(', ')}.`,
        `Kelompok risiko ${facts.riskClass} tidak ada di tabel; gunakan salah satu dari ${riskClasses.join(', ')}.`,
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);

  const lines: QuoteLine[] = [];
  const notes: QuoteNote[] = [];
  const months = facts.months;
  for (const program of programs.filter((p) => facts.programs.includes(p))) {
    const tariff = defined[program];
    if (!tariff) continue;
    const employer = rateFor(tariff.employer, facts.riskClass);
    const worker = rateFor(tariff.worker, facts.riskClass);
    const cap = tariff.wageCap ? wageCapOn(tariff.wageCap, facts.date, program, regulation) : undefined;
    const capped = cap !== undefined && facts.monthlyWage > cap.amount.value;
    const base = capped ? cap.amount.value : facts.monthlyWage;
    const employerMonthly = rateOf(base, employer.value);
    const workerMonthly = rateOf(base, worker.value);
    const monthly = employerMonthly + workerMonthly;
    const totalBps = employer.value + worker.value;
    lines.push({
      code: `PU_${program}`,
      program,
      description: programNames[program],
      basis: both((l) => {
        const split =
          worker.value > 0
            ? ` (${w(l, 'employer', 'pemberi kerja')} ${pct(employer.value, l)}, ${w(l, 'worker', 'pekerja')} ${pct(worker.value, l)})`
            : '';
        const wage =
          capped && cap ? `${rp(base, l)} (${cap.label[l]}; ${w(l, 'the wage is', 'upahnya')} ${rp(facts.monthlyWage, l)})` : rp(base, l);
        return `${pct(totalBps, l)}${split} ${w(l, 'of', 'dari')} ${wage} = ${rp(monthly, l)} ${w(l, 'a month', 'per bulan')} × ${monthCount(months, l)}`;
      }),
      amount: monthly * months,
      shares: { employer: employerMonthly * months, worker: workerMonthly * months },
      status: weakestStatus(employer.status, worker.status, ...(cap ? [cap.amount.status] : [])),
      source: sources(employer, worker, ...(cap ? [cap.amount] : [])),
    });
    if (capped && cap) {
      notes.push({
        code: 'WAGE_CAP_APPLIED',
        text: {
          en: `${program} is computed on ${rp(cap.amount.value, 'en')} (${cap.label.en}), not on the wage of ${rp(facts.monthlyWage, 'en')}.`,
          id: `${program} dihitung dari ${rp(cap.amount.value, 'id')} (${cap.label.id}), bukan dari upah ${rp(facts.monthlyWage, 'id')}.`,
        },
      });
    }
    if (cap?.carriedForwardFrom !== undefined) {
      notes.push({
        code: 'WAGE_CAP_CARRIED_FORWARD',
        text: {
          en: `No ${program} wage cap is recorded for ${facts.date.slice(0, 4)}; the ${cap.carriedForwardFrom} cap is used.`,
          id: `Batas upah ${program} untuk ${facts.date.slice(0, 4)} belum tercatat; batas tahun ${cap.carriedForwardFrom} dipakai.`,
        },
      });
    }
    if (tariff.note) notes.push({ code: `${program}_NOTE`, text: tariff.note });
  }
  return { lines, notes };
}

function rateFor(rule: RateRule, riskClass: number): Figure<number> {
  if (rule.kind === 'FLAT') return rule.bps;
  const entry = rule.classes.find((c) => c.riskClass === riskClass);
  // quotePu has refused unknown risk classes before any rate is looked up.
  if (!entry) throw new Error(`No rate for risk class ${riskClass}.`);
  return entry.bps;
}

interface CapInForce {
  amount: Figure<number>;
  label: Localized;
  carriedForwardFrom?: number;
}

/** The wage cap that applies on `date`; a yearly cap not yet recorded carries the latest one forward (with a note). */
function wageCapOn(cap: WageCap, date: string, program: Program, regulation: Regulation): CapInForce {
  if (cap.kind === 'FIXED') return { amount: cap.amount, label: { en: 'the wage cap', id: 'batas upah' } };
  const year = Number(date.slice(0, 4));
  const entry = [...cap.years]
    .sort((a, b) => a.year - b.year)
    .filter((y) => y.year <= year)
    .at(-1);
  if (!entry) {
    throw new DomainError('invalid', 'WAGE_CAP_UNKNOWN', {
      en: `${regulation.source.title} records no ${program} wage cap for ${year} or earlier.`,
      id: `${regulation.source.title} tidak mencatat batas upah ${program} untuk ${year} atau sebelumnya.`,
    });
  }
  return {
    amount: entry.amount,
    label: { en: `the ${entry.year} wage cap`, id: `batas upah ${entry.year}` },
    ...(entry.year < year ? { carriedForwardFrom: entry.year } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Arithmetic and wording
// ---------------------------------------------------------------------------------------

/** `bps` basis points of `amount`, rounded half up to the whole rupiah (integers only, exact below 2^53). */
export function rateOf(amount: number, bps: number): number {
  return Math.floor((amount * bps * 2 + 10_000) / 20_000);
}

const programNames: Record<Program, Localized> = {
  JKK: { en: 'JKK, work-accident protection', id: 'JKK (Jaminan Kecelakaan Kerja)' },
  JKM: { en: 'JKm, death benefit', id: 'JKM (Jaminan Kematian)' },
  JHT: { en: 'JHT, old-age savings', id: 'JHT (Jaminan Hari Tua)' },
  JP: { en: 'JP, pension', id: 'JP (Jaminan Pensiun)' },
  JKP: { en: 'JKP, job-loss protection', id: 'JKP (Jaminan Kehilangan Pekerjaan)' },
};

type Language = keyof Localized;

function both(text: (language: Language) => string): Localized {
  return { en: text('en'), id: text('id') };
}

function w(language: Language, en: string, id: string): string {
  return language === 'en' ? en : id;
}

/** Rp 3,500,000 in English, Rp 3.500.000 in Indonesian. */
function rp(amount: number, language: Language): string {
  return `Rp ${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, language === 'en' ? ',' : '.')}`;
}

/** 24 basis points: 0.24 % in English, 0,24 % in Indonesian. */
function pct(bps: number, language: Language): string {
  const fraction = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.trunc(bps / 100)}${fraction ? `${language === 'en' ? '.' : ','}${fraction}` : ''} %`;
}

function monthCount(months: number, language: Language): string {
  return language === 'en' ? `${months} month${months === 1 ? '' : 's'}` : `${months} bulan`;
}

function sources(...figures: Figure<unknown>[]): string {
  return [...new Set(figures.map((f) => f.source))].join('; ');
}
