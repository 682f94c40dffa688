import { Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import { comparisonFields } from './comparisons.ts';
import { consortia, partnerRecordSources } from './tables.ts';

// Request and response schemas of the harmonization API; each request body has an example.

const strict = { additionalProperties: false } as const;
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });
const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' });
const MembershipNumber = Type.String({ pattern: '^[0-9]{11}$', description: '11 digits; the last is a check digit.' });

const recordProperties = {
  nik: Type.Optional(
    Nullable(Type.String({ maxLength: 32, description: 'As the partner wrote it; a malformed one is kept and reported.' })),
  ),
  fullName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  birthDate: Type.Optional(Nullable(BusinessDate)),
  sex: Type.Optional(Type.Union([stringEnum(['F', 'M'] as const), Type.Null()])),
  passportNumber: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  destinationCountry: Type.Optional(Nullable(CountryCode)),
  birthRegion: Type.Optional(
    Nullable(Type.String({ pattern: '^[0-9]{4}$', description: 'Regency code of birth (4 digits), when there is no NIK.' })),
  ),
};

export const PartnerRecordsSchema = Type.Object(
  {
    records: Type.Array(
      Type.Object(
        {
          sourceType: stringEnum(partnerRecordSources, 'Which kind of document or file the record came from.'),
          partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
          sourceReference: Type.String({ minLength: 1, maxLength: 200 }),
          ...recordProperties,
        },
        strict,
      ),
      { minItems: 1, maxItems: 10_000 },
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        records: [
          {
            sourceType: 'SELF_REPORT',
            sourceReference: 'LAPOR-DIRI-2026-000123',
            fullName: 'Hj. Siti Aminah binti Salim',
            birthDate: '1990-01-05',
            sex: 'F',
            passportNumber: 'C1234567',
            destinationCountry: 'MY',
          },
        ],
      },
    ],
  },
);

export const MatchRequestSchema = Type.Object(recordProperties, {
  additionalProperties: false,
  examples: [{ fullName: 'Muhamad Yusuf', birthDate: '1988-03-04', sex: 'M', passportNumber: 'C7654321', destinationCountry: 'HK' }],
});

const FieldWeight = Type.Object({ field: stringEnum(comparisonFields), level: Type.String(), weight: Type.Number() });

export const MatchResultSchema = Type.Object({
  modelVersion: Type.Union([Type.Integer(), Type.Null()]),
  decision: stringEnum(['LINKED', 'REVIEW', 'NEW'] as const),
  candidates: Type.Array(
    Type.Object({
      membershipNumber: Type.Union([MembershipNumber, Type.Null()]),
      matchWeight: Type.Number(),
      probability: Type.Number(),
      fields: Type.Array(FieldWeight),
    }),
  ),
});

export const RunRequestSchema = Type.Object(
  { kind: stringEnum(['PARTNER_RECORDS', 'REGISTER_DUPLICATES'] as const) },
  { additionalProperties: false, examples: [{ kind: 'PARTNER_RECORDS' }] },
);

export const RunResultSchema = Type.Object({
  runId: Type.String({ format: 'uuid' }),
  modelVersion: Type.Integer(),
  resumed: Type.Boolean(),
  counts: Type.Record(Type.String(), Type.Integer()),
});

export const DecisionSchema = Type.Object({ match: Type.Boolean() }, { additionalProperties: false, examples: [{ match: true }] });

export const MergeSchema = Type.Object(
  { membershipNumber: MembershipNumber, intoMembershipNumber: MembershipNumber, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  {
    additionalProperties: false,
    examples: [
      {
        membershipNumber: '10000000017',
        intoMembershipNumber: '10000000025',
        reason: 'Registered twice: same NIK digits swapped, same passport.',
      },
    ],
  },
);

export const UnmergeSchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false, examples: [{ reason: 'Twins with the same birth date; not one person.' }] },
);

export const ReviewCaseSchema = Type.Object({
  partnerRecordId: Type.String(),
  decision: Type.String(),
  matchWeight: Type.Number(),
  probability: Type.Number(),
  modelVersion: Type.Union([Type.Integer(), Type.Null()]),
  partnerRecord: Type.Record(Type.String(), Type.Unknown()),
  member: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  fields: Type.Array(FieldWeight),
});

export const ConsortiumParams = Type.Object({
  consortium: stringEnum(consortia, 'The former insurance consortium whose layout the file has.'),
});
