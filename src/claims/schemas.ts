import { Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import { exportFormats } from './export-payment-batch.ts';
import { confirmationOutcomes } from './import-payment-confirmations.ts';
import {
  claimActions,
  claimStatuses,
  claimTypes,
  documentItems,
  failureCauses,
  figureStatuses,
  heirRelationships,
  jhtFullReasons,
  mediaTypes,
  partialPurposes,
  pmiEventPhases,
  queueStatuses,
  schoolLevels,
} from './rules.ts';

// Request and response schemas of the claims API.

const strict = { additionalProperties: false } as const;
const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });
const Instant = Type.String({ format: 'date-time' });
const MembershipNumber = Type.String({ pattern: '^[0-9]{11}$', description: '11 digits; the last is a check digit.' });
const ClaimNumber = Type.String({ pattern: '^K[0-9]{10}$', description: 'K and 10 digits.' });
const Rupiah = (description: string) => Type.Integer({ description: `${description} Integer rupiah.` });
const LocalizedSchema = Type.Object({ en: Type.String(), id: Type.String() });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const ClaimNumberParams = Type.Object({ claimNumber: ClaimNumber });
export const MembershipNumberParams = Type.Object({ membershipNumber: MembershipNumber });
export const BatchParams = Type.Object({ batchNumber: Type.String({ pattern: '^PB[0-9]{8}$' }) });
export const DocumentParams = Type.Object({ claimNumber: ClaimNumber, sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) });

export const ClaimFactsSchema = Type.Object(
  {
    eventDate: BusinessDate,
    jhtReason: Type.Optional(stringEnum(jhtFullReasons, 'JHT_FULL: why the balance is due.')),
    partialPurpose: Type.Optional(stringEnum(partialPurposes, 'JHT_PARTIAL: 30 % for housing, 10 % for other purposes.')),
    invoices: Type.Optional(
      Type.Array(
        Type.Object(
          { reference: Type.String({ minLength: 1, maxLength: 100 }), date: BusinessDate, amount: Rupiah('Amount of the invoice.') },
          strict,
        ),
        { maxItems: 100, description: 'Invoices or receipts (medical care, return to work, repatriation, airfare, losses).' },
      ),
    ),
    daysOfIncapacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    monthlyWage: Type.Optional(Rupiah('Monthly wage or declared income the benefit is computed on; the one on record when absent.')),
    disabilityPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'From the doctor’s assessment.' })),
    monthsWorked: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    cause: Type.Optional(stringEnum(failureCauses, 'What caused a failed departure or placement.')),
    children: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            birthDate: BusinessDate,
            level: stringEnum(schoolLevels),
            years: Type.Integer({ minimum: 1, maximum: 6, description: 'School years claimed at this level.' }),
          },
          strict,
        ),
        { maxItems: 5 },
      ),
    ),
  },
  { ...strict, description: 'What the claimant states about the event; each claim type needs its own facts.' },
);

const PayToSchema = Type.Object(
  {
    bankCode: Type.String({ minLength: 2, maxLength: 35, description: 'The bank’s clearing code.' }),
    accountNumber: Type.String({ minLength: 4, maxLength: 34 }),
    accountHolder: Type.String({ minLength: 1, maxLength: 140 }),
  },
  strict,
);

export const SubmitClaimRequestSchema = Type.Object(
  {
    membershipNumber: MembershipNumber,
    claimType: stringEnum(claimTypes),
    facts: ClaimFactsSchema,
    claimant: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('MEMBER') }, strict),
        Type.Object(
          {
            kind: Type.Literal('HEIR'),
            fullName: Type.String({ minLength: 1, maxLength: 200 }),
            relationship: stringEnum(heirRelationships),
            nik: Type.String({ pattern: '^[0-9]{16}$', description: 'The heir’s NIK: stored, never shown back or logged.' }),
            phone: Type.Optional(Type.String({ pattern: '^\\+[0-9]{8,15}$' })),
          },
          strict,
        ),
      ]),
    ),
    payTo: PayToSchema,
  },
  {
    ...strict,
    examples: [
      {
        membershipNumber: '10000000017',
        claimType: 'JKK_MEDICAL',
        facts: { eventDate: '2026-03-10', invoices: [{ reference: 'QMH-2026-0311', date: '2026-03-11', amount: 4_500_000 }] },
        payTo: { bankCode: 'BNINIDJA', accountNumber: '0123456789', accountHolder: 'Siti Aminah' },
      },
    ],
  },
);

const LineSchema = Type.Object({
  code: Type.String(),
  description: LocalizedSchema,
  basis: LocalizedSchema,
  amount: Rupiah('Amount of the line.'),
  status: stringEnum(figureStatuses),
  source: Type.String({ description: 'Rule and regulation (name and article) of the figures used.' }),
});

const RefusalSchema = Type.Object({
  code: Type.String(),
  message: LocalizedSchema,
  status: stringEnum(figureStatuses),
  source: Type.String(),
});

export const CalculationSchema = Type.Object({
  claimType: stringEnum(claimTypes),
  regulation: Type.Object({
    id: Type.String(),
    name: LocalizedSchema,
    title: Type.String(),
    article: Type.String(),
    effectiveFrom: Type.String(),
  }),
  eligible: Type.Boolean(),
  refusals: Type.Array(RefusalSchema),
  lines: Type.Array(LineSchema),
  total: Rupiah('Sum of the lines.'),
  status: stringEnum(figureStatuses, 'The weakest status of the figures used.'),
  unconfirmed: Type.Boolean(),
  inputs: Type.Unknown({ description: 'Everything the calculation used: claim type, claim date, facts, member facts.' }),
});

export const ClaimViewSchema = Type.Object({
  claimNumber: ClaimNumber,
  membershipNumber: MembershipNumber,
  claimType: stringEnum(claimTypes),
  status: stringEnum(claimStatuses),
  eventDate: BusinessDate,
  claimDate: BusinessDate,
  claimant: Type.Object({
    kind: Type.Union([Type.Literal('MEMBER'), Type.Literal('HEIR')]),
    fullName: Nullable(Type.String()),
    relationship: Nullable(Type.String()),
  }),
  deathBenefit: Type.Boolean(),
  regulationId: Type.String(),
  facts: Type.Unknown(),
  calculation: Type.Union([CalculationSchema, Type.Null()]),
  amount: Type.Union([Type.Integer(), Type.Null()]),
  unconfirmed: Type.Union([Type.Boolean(), Type.Null()]),
  rejectionReason: Type.Union([LocalizedSchema, Type.Null()]),
  appeals: Type.Integer(),
  submittedAt: Instant,
  slaDueAt: Instant,
  overdue: Type.Boolean(),
  statusChangedAt: Instant,
  checklist: Type.Array(Type.Object({ item: stringEnum(documentItems), provided: Type.Boolean() })),
});

export const HistorySchema = Type.Object({
  claimNumber: ClaimNumber,
  items: Type.Array(
    Type.Object({
      from: Type.Union([stringEnum(claimStatuses), Type.Null()]),
      to: stringEnum(claimStatuses),
      action: stringEnum(claimActions),
      actor: Type.String(),
      role: Type.String(),
      note: Nullable(Type.String()),
      occurredAt: Instant,
    }),
  ),
  nextCursor: Type.Null(),
});

export const ReproductionSchema = Type.Object({
  claimNumber: ClaimNumber,
  stored: Type.Union([CalculationSchema, Type.Null()]),
  recomputed: Type.Union([CalculationSchema, Type.Null()]),
  reproduced: Type.Boolean(),
});

export const RejectRequestSchema = Type.Object(
  {
    reason: Type.Object({ en: Type.String({ minLength: 1, maxLength: 2000 }), id: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
  },
  {
    ...strict,
    examples: [
      {
        reason: {
          en: 'The medical report does not show a work accident.',
          id: 'Resume medis tidak menunjukkan kecelakaan kerja.',
        },
      },
    ],
  },
);

export const AppealRequestSchema = Type.Object(
  { grounds: Type.String({ minLength: 1, maxLength: 2000 }) },
  { ...strict, examples: [{ grounds: 'The employer’s statement attached shows the accident happened at work.' }] },
);

export const EmptyRequestSchema = Type.Object({}, { ...strict, examples: [{}] });

export const QueueQuery = Type.Object(
  {
    status: Type.Optional(stringEnum(queueStatuses)),
    claimType: Type.Optional(stringEnum(claimTypes)),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  strict,
);

export const QueueSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      claimNumber: ClaimNumber,
      membershipNumber: MembershipNumber,
      claimType: stringEnum(claimTypes),
      status: stringEnum(claimStatuses),
      eventDate: BusinessDate,
      amount: Type.Union([Type.Integer(), Type.Null()]),
      appealed: Type.Boolean(),
      deathBenefit: Type.Boolean(),
      submittedAt: Instant,
      slaDueAt: Instant,
      overdue: Type.Boolean(),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const MemberClaimsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      claimNumber: ClaimNumber,
      claimType: stringEnum(claimTypes),
      status: stringEnum(claimStatuses),
      eventDate: BusinessDate,
      amount: Type.Union([Type.Integer(), Type.Null()]),
      submittedAt: Instant,
      slaDueAt: Instant,
    }),
  ),
  nextCursor: Type.Null(),
});

export const DocumentQuery = Type.Object({ item: stringEnum(documentItems) }, strict);

export const UploadedDocumentSchema = Type.Object({
  item: stringEnum(documentItems),
  sha256: Type.String(),
  mediaType: stringEnum(mediaTypes),
  size: Type.Integer(),
  newContent: Type.Boolean({ description: 'False when the same content was stored before: it is kept once.' }),
  attached: Type.Boolean({ description: 'False when this file was already attached to this item.' }),
});

export const SimulateRequestSchema = Type.Object(
  {
    claimType: stringEnum(claimTypes),
    facts: ClaimFactsSchema,
    claimDate: Type.Optional(BusinessDate),
    membershipNumber: Type.Optional(MembershipNumber),
    member: Type.Optional(
      Type.Object(
        {
          segment: stringEnum(['PMI', 'BPU', 'PU', 'FOREIGN_WORKER'] as const),
          birthDate: Type.Optional(BusinessDate),
          nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
          membershipStart: Type.Optional(BusinessDate),
          pmiPhaseOnEvent: Type.Optional(stringEnum(pmiEventPhases)),
          placementOpen: Type.Optional(Type.Boolean()),
          jhtBalance: Type.Optional(Type.Integer({ minimum: 0 })),
          wageOnRecord: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        strict,
      ),
    ),
  },
  {
    ...strict,
    examples: [
      {
        claimType: 'JKM_LUMP_SUM',
        facts: { eventDate: '2026-05-01' },
        member: { segment: 'PMI', pmiPhaseOnEvent: 'DURING_PLACEMENT' },
      },
    ],
  },
);

export const SimulationSchema = Type.Object({
  ...CalculationSchema.properties,
  documents: Type.Array(stringEnum(documentItems), { description: 'The documents a claim of this type needs.' }),
  coverage: Type.Object({
    checked: Type.Boolean(),
    covered: Type.Union([Type.Boolean(), Type.Null()]),
    reason: Type.Union([LocalizedSchema, Type.Null()]),
  }),
});

export const RegulationsSchema = Type.Object({
  items: Type.Array(Type.Unknown({ description: 'A benefit regulation with its figures, each with status and source.' })),
  nextCursor: Type.Null(),
});

export const BatchRequestSchema = Type.Object(
  {
    executionDate: Type.Optional(BusinessDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    debtor: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 140 }),
          accountNumber: Type.String({ minLength: 4, maxLength: 34 }),
          bankBic: Type.String({ pattern: '^[A-Z0-9]{8}([A-Z0-9]{3})?$' }),
        },
        strict,
      ),
    ),
  },
  { ...strict, examples: [{ executionDate: '2026-03-02', limit: 500 }] },
);

export const BatchSchema = Type.Object({
  batchNumber: Type.String(),
  executionDate: BusinessDate,
  payments: Type.Integer(),
  total: Rupiah('Sum of the payments.'),
  createdAt: Instant,
  items: Type.Array(Type.Object({ claimNumber: ClaimNumber, endToEndId: Type.String(), amount: Type.Integer(), status: Type.String() })),
});

export const ExportQuery = Type.Object({ format: stringEnum(exportFormats) }, strict);

export const ConfirmationReportSchema = Type.Object({
  batchNumber: Type.String(),
  rows: Type.Integer(),
  summary: Type.Record(Type.String(), Type.Integer()),
  lines: Type.Array(
    Type.Object({
      line: Type.Integer(),
      endToEndId: Type.String(),
      outcome: stringEnum(confirmationOutcomes),
      claimNumber: Nullable(Type.String()),
      detail: Nullable(Type.String()),
    }),
  ),
});
