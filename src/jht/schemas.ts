import { Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import { figureStatuses, jhtEntryTypes } from './rules.ts';

// Request and response schemas of the JHT API.

const strict = { additionalProperties: false } as const;
const date = (description: string) => Type.String({ format: 'date', description: `ISO 8601 date (YYYY-MM-DD). ${description}` });
const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });
const MembershipNumber = Type.String({ pattern: '^[0-9]{11}$', description: '11 digits; the last is a check digit.' });
const Rupiah = (description: string) => Type.Integer({ description: `${description} Integer rupiah.` });

export const MembershipNumberParams = Type.Object({ membershipNumber: MembershipNumber });

export const BalanceQuery = Type.Object(
  { date: Type.Optional(date('The balance at the end of this date; today (Asia/Jakarta) when absent.')) },
  strict,
);

export const StatementQuery = Type.Object(
  {
    from: Type.Optional(date('First value date of the period; 1 January of the year of `to` when absent.')),
    to: Type.Optional(date('Last value date of the period; today when absent.')),
  },
  strict,
);

const RateSchema = Type.Object({
  basisPoints: Type.Integer({ description: 'Yearly rate in basis points: 500 is 5.00 % a year.' }),
  status: stringEnum(figureStatuses, 'How sure the figure is; UNCONFIRMED figures are placeholders to be replaced.'),
  source: Type.String(),
});

export const BalanceSchema = Type.Object({
  membershipNumber: MembershipNumber,
  date: BusinessDate,
  balance: Rupiah('Balance at the end of the date.'),
  unconfirmedYieldYears: Type.Array(Type.Integer(), {
    description: 'Years whose yield, included in the balance, was posted at a rate not confirmed.',
  }),
});

export const StatementSchema = Type.Object({
  membershipNumber: MembershipNumber,
  from: BusinessDate,
  to: BusinessDate,
  openingBalance: Rupiah('Balance at the end of the day before `from`.'),
  entries: Type.Array(
    Type.Object({
      id: Type.Integer(),
      entryType: stringEnum(jhtEntryTypes),
      amount: Rupiah('Positive credits, negative debits.'),
      valueDate: BusinessDate,
      reference: Type.String(),
      correctsEntryId: Type.Union([Type.Integer(), Type.Null()]),
      note: Type.Union([Type.String(), Type.Null()]),
      recordedAt: Type.String({ format: 'date-time' }),
      balanceAfter: Rupiah('Running balance after this entry.'),
      yieldRate: Type.Union([Type.Object({ year: Type.Integer(), ...RateSchema.properties }), Type.Null()], {
        description: 'For a yearly yield entry: the rate it was posted at.',
      }),
    }),
    { description: 'Entries valued in the period, by value date then recording order.' },
  ),
  totalCredits: Rupiah('Sum of the positive entries in the period.'),
  totalDebits: Rupiah('Sum of the negative entries in the period (zero or below).'),
  closingBalance: Rupiah('Balance at the end of `to`.'),
});

export const YieldYearParams = Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 9999, description: 'Calendar year.' }) });

export const YieldPostingRequestSchema = Type.Object(
  {
    acceptUnconfirmedRate: Type.Optional(
      Type.Boolean({ description: 'Post even though the year’s rate is not CONFIRMED; the status stays on the posting and its entries.' }),
    ),
  },
  { ...strict, examples: [{ acceptUnconfirmedRate: true }] },
);

export const YieldPostingSchema = Type.Object({
  year: Type.Integer(),
  rate: RateSchema,
  accounts: Type.Integer({ description: 'Accounts credited.' }),
  total: Rupiah('Yield credited in all.'),
  postedBy: Type.String(),
  postedAt: Type.String({ format: 'date-time' }),
  alreadyPosted: Type.Boolean({ description: 'True when the year had been posted before; nothing was written now.' }),
});
