import { type Static, Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import { closeReasons, membershipStatuses, placementRoutes, pmiPhases, registrationChannels, segments } from './rules.ts';

// Request and response schemas of the membership API. One schema gives validation,
// the TypeScript type and the OpenAPI document; each request body carries an example.

const strict = { additionalProperties: false } as const;

export const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' });
export const MembershipNumber = Type.String({ pattern: '^[0-9]{11}$', description: '11 digits; the last is a check digit.' });

export const SegmentSchema = stringEnum(segments, 'Worker segment.');
export const PmiPhaseSchema = stringEnum(pmiPhases, 'Phase of a migrant worker (PMI).');
export const StatusSchema = stringEnum(membershipStatuses, 'Membership status.');
export const ChannelSchema = stringEnum(registrationChannels, 'Channel through which the registration arrived.');
export const PlacementRouteSchema = stringEnum(placementRoutes, 'Placed through a placement executor (BP2MI or P3MI), or individually.');

export const PassportSchema = Type.Object(
  {
    number: Type.String({ pattern: '^[A-Z0-9]{5,20}$', description: 'Passport number, upper-case letters and digits.' }),
    issuingCountry: CountryCode,
    expiryDate: BusinessDate,
  },
  strict,
);

export type PassportInput = Static<typeof PassportSchema>;

export const AddPassportSchema = Type.Object(PassportSchema.properties, {
  additionalProperties: false,
  examples: [{ number: 'E7654321', issuingCountry: 'ID', expiryDate: '2036-05-31' }],
});

export const AddressSchema = Type.Object(
  {
    line: Type.String({ minLength: 1, maxLength: 300 }),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    province: Type.Optional(Type.String({ maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    country: CountryCode,
  },
  strict,
);

export const BankAccountSchema = Type.Object(
  {
    bankCode: Type.String({ pattern: '^[A-Z0-9]{3,11}$', description: 'Bank code or SWIFT/BIC.' }),
    accountNumber: Type.String({ pattern: '^[A-Z0-9]{5,34}$' }),
    accountHolder: Type.String({ minLength: 1, maxLength: 200 }),
  },
  strict,
);

const Phone = Type.String({ maxLength: 20, description: 'E.164, e.g. +85291234567.' });
const Email = Type.String({ format: 'email', maxLength: 254 });

export const PersonInputSchema = Type.Object(
  {
    nik: Type.Optional(Type.String({ maxLength: 32, description: 'National identity number, 16 digits (Indonesian citizens).' })),
    fullName: Type.String({ maxLength: 200, description: 'As written; one name is fine.' }),
    birthDate: BusinessDate,
    sex: stringEnum(['F', 'M'] as const, 'F (female) or M (male), as on the identity card.'),
    birthPlace: Type.Optional(Type.String({ maxLength: 100 })),
    nationality: Type.Optional(CountryCode),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    address: Type.Optional(AddressSchema),
    passport: Type.Optional(PassportSchema),
    bankAccount: Type.Optional(BankAccountSchema),
  },
  strict,
);

export const PlacementInputSchema = Type.Object(
  {
    destinationCountry: CountryCode,
    employerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    employerAddress: Type.Optional(Type.String({ maxLength: 300 })),
    occupation: Type.Optional(Type.String({ maxLength: 100 })),
    placementRoute: PlacementRouteSchema,
    placementAgency: Type.Optional(Type.String({ maxLength: 200, description: 'BP2MI or the licensed company (P3MI).' })),
    contractStart: BusinessDate,
    contractEnd: BusinessDate,
  },
  strict,
);
export type PlacementInput = Static<typeof PlacementInputSchema>;

const examplePerson = {
  nik: '3204054508950001',
  fullName: 'Siti Aminah',
  birthDate: '1995-08-05',
  sex: 'F',
  birthPlace: 'Bandung',
  nationality: 'ID',
  phone: '+85291234567',
  address: { line: 'Flat 12B, 88 Nathan Road', city: 'Kowloon', country: 'HK' },
  passport: { number: 'C1234567', issuingCountry: 'ID', expiryDate: '2030-01-31' },
};

export const RegistrationSchema = Type.Object(
  {
    segment: SegmentSchema,
    person: PersonInputSchema,
    channel: Type.Object(
      {
        type: ChannelSchema,
        partnerCode: Type.Optional(
          Type.String({ maxLength: 64, description: 'Embassy, local partner or LPA that took the registration.' }),
        ),
      },
      strict,
    ),
    pmi: Type.Optional(Type.Object({ phase: PmiPhaseSchema, placement: Type.Optional(PlacementInputSchema) }, strict)),
    bpu: Type.Optional(
      Type.Object(
        {
          occupation: Type.String({ minLength: 1, maxLength: 100 }),
          declaredMonthlyIncome: Type.Integer({ minimum: 1, description: 'Rupiah.' }),
        },
        strict,
      ),
    ),
    pu: Type.Optional(
      Type.Object(
        { employerName: Type.String({ minLength: 1, maxLength: 200 }), monthlyWage: Type.Integer({ minimum: 1, description: 'Rupiah.' }) },
        strict,
      ),
    ),
    foreignWorker: Type.Optional(
      Type.Object(
        {
          employerName: Type.String({ minLength: 1, maxLength: 200, description: 'Employer in Indonesia.' }),
          workPermitNumber: Type.Optional(Type.String({ maxLength: 50 })),
          monthlyWage: Type.Optional(Type.Integer({ minimum: 1, description: 'Rupiah.' })),
        },
        strict,
      ),
    ),
  },
  {
    ...strict,
    examples: [
      {
        segment: 'PMI',
        person: examplePerson,
        channel: { type: 'EMBASSY_DESK', partnerCode: 'KJRI-HONGKONG' },
        pmi: {
          phase: 'DURING_PLACEMENT',
          placement: {
            destinationCountry: 'HK',
            employerName: 'Chan Tai Man',
            occupation: 'Domestic worker',
            placementRoute: 'PLACEMENT_EXECUTOR',
            placementAgency: 'PT Maju Sejahtera',
            contractStart: '2026-02-01',
            contractEnd: '2028-01-31',
          },
        },
      },
    ],
  },
);
export type RegistrationInput = Static<typeof RegistrationSchema>;

const WarningSchema = Type.Object({ pointer: Type.String(), code: Type.String(), message: Type.String() });

export const RegistrationResultSchema = Type.Object({
  membershipNumber: MembershipNumber,
  status: StatusSchema,
  warnings: Type.Array(WarningSchema, { description: 'Accepted, but worth a look (e.g. a NIK district code since split).' }),
});

const PlacementViewSchema = Type.Object({
  destinationCountry: CountryCode,
  employerName: Type.Union([Type.String(), Type.Null()]),
  employerAddress: Type.Union([Type.String(), Type.Null()]),
  occupation: Type.Union([Type.String(), Type.Null()]),
  placementRoute: PlacementRouteSchema,
  placementAgency: Type.Union([Type.String(), Type.Null()]),
  contractStart: BusinessDate,
  contractEnd: BusinessDate,
  endedOn: Type.Union([BusinessDate, Type.Null()]),
  endReason: Type.Union([Type.String(), Type.Null()]),
  extensions: Type.Array(
    Type.Object({
      previousEnd: BusinessDate,
      newEnd: BusinessDate,
      channel: ChannelSchema,
      recordedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const MemberViewSchema = Type.Object({
  membershipNumber: MembershipNumber,
  segment: SegmentSchema,
  status: StatusSchema,
  pmiPhase: Type.Union([PmiPhaseSchema, Type.Null()]),
  registrationChannel: ChannelSchema,
  channelPartner: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  registeredAt: Type.String({ format: 'date-time' }),
  person: Type.Object({
    nik: Type.Union([Type.String(), Type.Null()]),
    fullName: Type.String(),
    birthDate: BusinessDate,
    sex: Type.String(),
    birthPlace: Type.Union([Type.String(), Type.Null()]),
    nationality: CountryCode,
    phone: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([AddressSchema, Type.Null()]),
    bankAccount: Type.Union([BankAccountSchema, Type.Null()]),
    passports: Type.Array(PassportSchema),
  }),
  occupation: Type.Union([Type.String(), Type.Null()]),
  declaredMonthlyIncome: Type.Union([Type.Integer(), Type.Null()]),
  employerName: Type.Union([Type.String(), Type.Null()]),
  monthlyWage: Type.Union([Type.Integer(), Type.Null()]),
  workPermitNumber: Type.Union([Type.String(), Type.Null()]),
  placements: Type.Array(PlacementViewSchema, { description: 'Newest first; the open one has endedOn null.' }),
  statusHistory: Type.Array(
    Type.Object({
      status: StatusSchema,
      reason: Type.Union([Type.String(), Type.Null()]),
      changedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
export type MemberView = Static<typeof MemberViewSchema>;

export const SearchSchema = Type.Object(
  {
    nik: Type.Optional(Type.String({ maxLength: 32 })),
    passport: Type.Optional(Type.Object({ number: Type.String({ maxLength: 20 }), issuingCountry: Type.Optional(CountryCode) }, strict)),
    membershipNumber: Type.Optional(Type.String({ maxLength: 20 })),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 200, description: 'Searched together with birthDate.' })),
    birthDate: Type.Optional(BusinessDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { ...strict, examples: [{ name: 'Siti Aminah', birthDate: '1995-08-05', limit: 20 }] },
);
export type SearchInput = Static<typeof SearchSchema>;

export const MemberSummarySchema = Type.Object({
  membershipNumber: MembershipNumber,
  fullName: Type.String(),
  birthDate: BusinessDate,
  segment: SegmentSchema,
  status: StatusSchema,
  pmiPhase: Type.Union([PmiPhaseSchema, Type.Null()]),
  destinationCountry: Type.Union([CountryCode, Type.Null()]),
});
export type MemberSummary = Static<typeof MemberSummarySchema>;

export const SearchResultSchema = Type.Object({
  items: Type.Array(MemberSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ContactUpdateSchema = Type.Object(
  {
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    address: Type.Optional(AddressSchema),
    bankAccount: Type.Optional(BankAccountSchema),
  },
  {
    ...strict,
    minProperties: 1,
    examples: [{ phone: '+886912345678', address: { line: 'No. 5, Lane 20, Zhongshan Rd', city: 'Taichung', country: 'TW' } }],
  },
);
export type ContactUpdate = Static<typeof ContactUpdateSchema>;

export const ContractExtensionSchema = Type.Object(
  {
    newContractEnd: BusinessDate,
    channel: ChannelSchema,
    partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { ...strict, examples: [{ newContractEnd: '2030-01-31', channel: 'CONTRACT_EXTENSION_ABROAD', partnerCode: 'KJRI-HONGKONG' }] },
);
export type ContractExtensionInput = Static<typeof ContractExtensionSchema>;

export const MoveSchema = Type.Object(
  {
    movedOn: BusinessDate,
    placement: PlacementInputSchema,
  },
  {
    ...strict,
    examples: [
      {
        movedOn: '2027-03-01',
        placement: {
          destinationCountry: 'TW',
          employerName: 'Lin Mei-Hua',
          placementRoute: 'INDIVIDUAL',
          contractStart: '2027-03-01',
          contractEnd: '2029-02-28',
        },
      },
    ],
  },
);
export type MoveInput = Static<typeof MoveSchema>;

export const PhaseChangeSchema = Type.Object(
  {
    phase: PmiPhaseSchema,
    effectiveDate: Type.Optional(BusinessDate),
    placement: Type.Optional(PlacementInputSchema),
  },
  { ...strict, examples: [{ phase: 'AFTER_PLACEMENT', effectiveDate: '2028-02-01' }] },
);
export type PhaseChangeInput = Static<typeof PhaseChangeSchema>;

export const CloseSchema = Type.Object(
  {
    reason: stringEnum(closeReasons, 'Why the membership ends.'),
    effectiveDate: Type.Optional(BusinessDate),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { ...strict, examples: [{ reason: 'REGISTERED_IN_ERROR', note: 'Registered twice under a wrongly typed passport number.' }] },
);
export type CloseInput = Static<typeof CloseSchema>;

export const MemberEventSchema = Type.Object({
  type: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  actor: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
});

export const HistorySchema = Type.Object({
  items: Type.Array(MemberEventSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const MembershipNumberParams = Type.Object({ membershipNumber: MembershipNumber });
