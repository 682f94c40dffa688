import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import { contributionSegments, dueStages, figureStatuses, type Program, placementRoutes, pmiQuoteItems, programs } from './regulations.ts';
import { bpuPrograms, payers, quoteLimits } from './tariffs.ts';

// Schemas of the contribution simulator (POST /api/v1/quotes) and of the regulation
// table (GET /api/v1/regulations). The request mirrors `QuoteFacts` of tariffs.ts field
// for field; figures that depend on the regulation (risk classes, JHT amounts, tiers) are
// checked by the engine against the regulation in force, not fixed here.

const strict = { additionalProperties: false } as const;

const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });
const Rupiah = Type.Integer({ minimum: 0, description: 'Integer rupiah.' });
const LocalizedSchema = Type.Object({ en: Type.String(), id: Type.String() }, { description: 'The same text in English and Indonesian.' });
const StatusSchema = stringEnum(
  figureStatuses,
  'CONFIRMED: from the regulation’s text; SECONDARY: from a press or branch-office statement; UNCONFIRMED: recalled, assumed or interpreted by Lindung.',
);
const ProgramSchema = stringEnum(programs, 'Program.');
const Months = (description: string) => Type.Integer({ minimum: 1, maximum: quoteLimits.maxMonths, description });

const common = {
  date: Type.Optional(
    Type.String({ format: 'date', description: 'The day to quote for: it picks the regulation in force. Default: today (Asia/Jakarta).' }),
  ),
  payer: Type.Optional(
    stringEnum(
      payers,
      'Who pays, echoed on the quote: GOVERNMENT_PROGRAM for contribution assistance (Askesos). Default: WORKER, or EMPLOYER for PU.',
    ),
  ),
};

export const PmiQuoteRequestSchema = Type.Object(
  {
    segment: Type.Literal('PMI'),
    ...common,
    item: stringEnum(
      pmiQuoteItems,
      'BEFORE_PLACEMENT, PLACEMENT (during and after placement), EXTENSION (of a contract), or FULL: what the placement route pays before departure, as staged lines.',
    ),
    placementRoute: stringEnum(placementRoutes, 'Placed through a placement executor (BP2MI or P3MI), or individually.'),
    contractMonths: Type.Optional(Months('Length of the placement contract; for PLACEMENT and FULL where the fee depends on it.')),
    extensionMonths: Type.Optional(Months('Months added by the extension; for EXTENSION.')),
    jhtMonthlyAmount: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Optional JHT: a monthly amount from the regulation’s table (GET /api/v1/regulations).' }),
    ),
    jhtMonths: Type.Optional(Months('Months of optional JHT; with jhtMonthlyAmount.')),
  },
  { ...strict, title: 'PMI quote request' },
);

export const BpuQuoteRequestSchema = Type.Object(
  {
    segment: Type.Literal('BPU'),
    ...common,
    declaredMonthlyIncome: Type.Integer({
      minimum: 1,
      maximum: quoteLimits.maxRupiah,
      description: 'Rupiah; rounded down to an income bracket of the regulation.',
    }),
    months: Months('Months to pay for.'),
    programs: Type.Array(stringEnum(bpuPrograms), { minItems: 1, description: 'Each once; JKK and JKM are compulsory.' }),
  },
  { ...strict, title: 'BPU quote request' },
);

export const PuQuoteRequestSchema = Type.Object(
  {
    segment: Type.Literal('PU'),
    ...common,
    monthlyWage: Type.Integer({ minimum: 1, maximum: quoteLimits.maxRupiah, description: 'Rupiah.' }),
    riskClass: Type.Integer({
      minimum: 1,
      maximum: quoteLimits.maxRiskClass,
      description: 'Risk class of the workplace in the JKK table.',
    }),
    months: Months('Months to pay for.'),
    programs: Type.Array(ProgramSchema, { minItems: 1, description: 'Each once.' }),
  },
  { ...strict, title: 'PU quote request' },
);

/** The segments in the order of the request schema's `anyOf` branches. */
export const quoteRequestBranches = ['PMI', 'BPU', 'PU'] as const;

export const QuoteRequestSchema = Type.Union([PmiQuoteRequestSchema, BpuQuoteRequestSchema, PuQuoteRequestSchema], {
  description: 'The facts to quote, by segment.',
  examples: [
    { segment: 'PMI', date: '2026-03-02', item: 'FULL', placementRoute: 'PLACEMENT_EXECUTOR', contractMonths: 24 },
    {
      segment: 'PMI',
      date: '2026-03-02',
      item: 'EXTENSION',
      placementRoute: 'INDIVIDUAL',
      extensionMonths: 6,
      jhtMonthlyAmount: 100_000,
      jhtMonths: 6,
    },
    {
      segment: 'BPU',
      date: '2026-03-02',
      declaredMonthlyIncome: 3_700_000,
      months: 3,
      programs: ['JKK', 'JKM', 'JHT'],
      payer: 'GOVERNMENT_PROGRAM',
    },
    { segment: 'PU', date: '2026-03-02', monthlyWage: 8_000_000, riskClass: 2, months: 1, programs: ['JKK', 'JKM', 'JHT', 'JP', 'JKP'] },
  ],
});
export type QuoteRequest = Static<typeof QuoteRequestSchema>;

const RegulationSourceSchema = Type.Object({ title: Type.String(), article: Type.String(), note: Type.Optional(Type.String()) });

export const QuoteSchema = Type.Object({
  segment: stringEnum(contributionSegments),
  date: BusinessDate,
  payer: stringEnum(payers),
  currency: Type.Literal('IDR'),
  regulation: Type.Object({ id: Type.String(), name: LocalizedSchema, source: RegulationSourceSchema, effectiveFrom: BusinessDate }),
  lines: Type.Array(
    Type.Object({
      code: Type.String({ description: 'Stable line code, e.g. PMI_PLACEMENT_FEE, BPU_JKK, PU_JP.' }),
      program: stringEnum([...programs, 'JKK_JKM'] as const, 'Program; JKK_JKM is the combined fee of a PMI.'),
      description: LocalizedSchema,
      basis: Type.Object({ en: Type.String(), id: Type.String() }, { description: 'How the amount was computed.' }),
      amount: Rupiah,
      shares: Type.Optional(Type.Object({ employer: Rupiah, worker: Rupiah }, { description: 'PU: employer + worker = amount.' })),
      dueStage: Type.Optional(stringEnum(dueStages, 'PMI: when the line falls due.')),
      status: StatusSchema,
      source: Type.String(),
    }),
  ),
  total: Rupiah,
  status: StatusSchema,
  unconfirmed: Type.Boolean({ description: 'True when any line rests on an UNCONFIRMED figure or interpretation.' }),
  notes: Type.Array(Type.Object({ code: Type.String(), text: LocalizedSchema }), {
    description: 'Interpretations, caps and roundings the reader must know about.',
  }),
});

// The regulation table as published. It mirrors the types of regulations.ts.

const Figure = <T extends TSchema>(value: T) =>
  Type.Object({ value, status: StatusSchema, source: Type.String(), note: Type.Optional(Type.String()) });
const StagedPaymentSchema = Type.Object({ item: stringEnum(['BEFORE_PLACEMENT', 'PLACEMENT'] as const), dueStage: stringEnum(dueStages) });
const RateRuleSchema = Type.Union([
  Type.Object({ kind: Type.Literal('FLAT'), bps: Figure(Type.Integer({ description: 'Basis points: 24 = 0.24 %.' })) }),
  Type.Object({
    kind: Type.Literal('BY_RISK_CLASS'),
    classes: Type.Array(Type.Object({ riskClass: Type.Integer(), bps: Figure(Type.Integer({ description: 'Basis points.' })) })),
  }),
]);
const WageCapSchema = Type.Union([
  Type.Object({ kind: Type.Literal('FIXED'), amount: Figure(Rupiah) }),
  Type.Object({ kind: Type.Literal('BY_YEAR'), years: Type.Array(Type.Object({ year: Type.Integer(), amount: Figure(Rupiah) })) }),
]);
const perProgram = <T extends TSchema>(tariff: T) =>
  Type.Partial(Type.Object({ JKK: tariff, JKM: tariff, JHT: tariff, JP: tariff, JKP: tariff } satisfies Record<Program, T>));

const regulationCommon = {
  id: Type.String({ description: 'Stable id, e.g. PERMENAKER-4-2023.' }),
  name: LocalizedSchema,
  source: RegulationSourceSchema,
  effectiveFrom: BusinessDate,
  effectiveFromStatus: StatusSchema,
  gracePeriodDays: Figure(Type.Integer()),
};

const PmiRegulationSchema = Type.Object({
  ...regulationCommon,
  segment: Type.Literal('PMI'),
  tariffs: Type.Object({
    coveredPrograms: Type.Array(ProgramSchema),
    beforePlacementFee: Figure(Rupiah),
    placementFee: Type.Union([
      Type.Object({ kind: Type.Literal('FLAT'), amount: Figure(Rupiah) }),
      Type.Object({
        kind: Type.Literal('TIERED'),
        tiers: Type.Array(Type.Object({ contractMonths: Type.Integer(), amount: Figure(Rupiah) })),
        perExtraMonth: Figure(Rupiah),
      }),
    ]),
    extension: Type.Optional(
      Type.Object({ perMonth: Figure(Rupiah), dueStage: stringEnum(dueStages) }, { description: 'Absent when the regulation sets none.' }),
    ),
    staging: Figure(Type.Object({ PLACEMENT_EXECUTOR: Type.Array(StagedPaymentSchema), INDIVIDUAL: Type.Array(StagedPaymentSchema) })),
    optionalJht: Type.Object({ monthlyAmounts: Figure(Type.Array(Rupiah)), withItems: Type.Array(stringEnum(pmiQuoteItems)) }),
    protection: Type.Object({ beforePlacementMaxMonths: Figure(Type.Integer()), afterPlacementMonths: Figure(Type.Integer()) }),
  }),
});

const BpuRegulationSchema = Type.Object({
  ...regulationCommon,
  segment: Type.Literal('BPU'),
  tariffs: Type.Object({
    incomeBrackets: Type.Array(Figure(Rupiah), { description: 'Declared incomes to choose from, ascending.' }),
    programs: perProgram(
      Type.Object({
        rule: Type.Union([
          Type.Object({ kind: Type.Literal('FLAT_MONTHLY'), amount: Figure(Rupiah) }),
          Type.Object({ kind: Type.Literal('RATE_OF_INCOME_BRACKET'), rateBps: Figure(Type.Integer({ description: 'Basis points.' })) }),
        ]),
        required: Type.Boolean(),
      }),
    ),
    paidMonthCovers: Figure(Type.Literal('CALENDAR_MONTH')),
  }),
});

const PuRegulationSchema = Type.Object({
  ...regulationCommon,
  segment: Type.Literal('PU'),
  tariffs: Type.Object({
    programs: perProgram(
      Type.Object({
        employer: RateRuleSchema,
        worker: RateRuleSchema,
        wageCap: Type.Optional(WageCapSchema),
        note: Type.Optional(LocalizedSchema),
      }),
    ),
    paidMonthCovers: Figure(Type.Literal('CALENDAR_MONTH')),
  }),
});

export const RegulationListSchema = Type.Object({
  date: BusinessDate,
  inForce: Type.Array(Type.String(), { description: 'Ids of the regulations in force on `date`, one per segment.' }),
  items: Type.Array(Type.Union([PmiRegulationSchema, BpuRegulationSchema, PuRegulationSchema])),
  nextCursor: Type.Null({ description: 'The table is short: always one page.' }),
});

export const RegulationListQuery = Type.Object(
  { on: Type.Optional(Type.String({ format: 'date', description: 'The day to report what is in force on. Default: today.' })) },
  strict,
);
