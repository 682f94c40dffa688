import { type TSchema, Type } from '@sinclair/typebox';
import type { DocumentType } from '../partners/service.ts';

// Document catalogue v1 (after EESSI's structured documents): one JSON Schema, one example
// and one description per type. Inbound documents travel inside a signed envelope.

const strict = { additionalProperties: false } as const;
const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });
const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' });
const Nik = Type.String({ pattern: '^[0-9]{16}$', description: 'National identity number (NIK), 16 digits.' });
const Passport = Type.Object(
  {
    number: Type.String({ pattern: '^[A-Z0-9]{5,20}$' }),
    issuingCountry: CountryCode,
    expiryDate: Type.Optional(BusinessDate),
  },
  strict,
);
const PassportRef = Type.Object({ number: Type.String({ pattern: '^[A-Z0-9]{5,20}$' }), issuingCountry: CountryCode }, strict);
const Person = Type.Object(
  {
    nik: Type.Optional(Nik),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: BusinessDate,
    sex: Type.Union([Type.Literal('F'), Type.Literal('M')]),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  strict,
);
const Address = Type.Object(
  { line: Type.String({ minLength: 1, maxLength: 300 }), city: Type.Optional(Type.String({ maxLength: 100 })), country: CountryCode },
  strict,
);
const Employer = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), address: Type.Optional(Type.String({ maxLength: 300 })) },
  strict,
);
const PlacementRoute = Type.Union([Type.Literal('PLACEMENT_EXECUTOR'), Type.Literal('INDIVIDUAL')]);

export const SelfReport = Type.Object(
  {
    person: Person,
    passport: Type.Optional(Passport),
    country: CountryCode,
    address: Type.Optional(Address),
    employer: Type.Optional(Employer),
    contract: Type.Optional(Type.Object({ start: BusinessDate, end: BusinessDate, placementRoute: Type.Optional(PlacementRoute) }, strict)),
    consentToRegister: Type.Boolean(),
  },
  strict,
);

export const ContractExtension = Type.Object(
  {
    person: Person,
    passport: Passport,
    country: CountryCode,
    employer: Type.Optional(Employer),
    contract: Type.Object(
      { start: BusinessDate, previousEnd: BusinessDate, newEnd: BusinessDate, placementRoute: Type.Optional(PlacementRoute) },
      strict,
    ),
  },
  strict,
);

export const Crossing = Type.Object(
  {
    passport: PassportRef,
    nik: Type.Optional(Nik),
    crossedOn: BusinessDate,
    country: Type.Intersect([CountryCode], { description: 'Destination (departure) or the country arrived from (arrival).' }),
    borderPost: Type.Optional(Type.String({ maxLength: 100 })),
  },
  strict,
);

export const PartnerRegistration = Type.Object(
  {
    person: Person,
    passport: Passport,
    address: Type.Optional(Address),
    placement: Type.Object(
      {
        destinationCountry: CountryCode,
        employerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        occupation: Type.Optional(Type.String({ maxLength: 100 })),
        placementRoute: PlacementRoute,
        contractStart: BusinessDate,
        contractEnd: BusinessDate,
      },
      strict,
    ),
  },
  strict,
);

export const MembershipStatus = Type.Object(
  {
    inReplyTo: Type.String({ maxLength: 200, description: 'The message id of the self-report this answers.' }),
    membershipNumber: Type.String({ pattern: '^[0-9]{11}$' }),
    status: Type.Union(['REGISTERED', 'ACTIVE', 'LAPSED', 'CLOSED'].map((s) => Type.Literal(s))),
    protected: Type.Boolean({ description: 'Work-accident protection (JKK) in force today.' }),
    protectedUntil: Type.Union([BusinessDate, Type.Null()]),
    asOf: BusinessDate,
  },
  strict,
);

export interface CatalogueEntry {
  type: DocumentType;
  version: 1;
  direction: 'INBOUND' | 'OUTBOUND';
  description: string;
  senders: string[];
  schema: TSchema;
  example: Record<string, unknown>;
}

const person = { nik: '3204054508950001', fullName: 'Siti Aminah', birthDate: '1995-08-05', sex: 'F', phone: '+85291234567' };

export const catalogue: readonly CatalogueEntry[] = [
  {
    type: 'SELF_REPORT',
    version: 1,
    direction: 'INBOUND',
    description:
      'The foreign ministry’s Lapor Diri: a PMI reports presence abroad. Matched to a member by NIK or passport; otherwise, with consent, registered through the FOREIGN_MINISTRY_SELF_REPORT channel (passport and contract needed); without consent, kept as a lead for outreach.',
    senders: ['MINISTRY'],
    schema: SelfReport,
    example: {
      person,
      passport: { number: 'C1234567', issuingCountry: 'ID', expiryDate: '2030-01-31' },
      country: 'HK',
      address: { line: 'Flat 12B, 88 Nathan Road', city: 'Kowloon', country: 'HK' },
      employer: { name: 'Chan Tai Man' },
      contract: { start: '2026-02-01', end: '2028-01-31' },
      consentToRegister: true,
    },
  },
  {
    type: 'CONTRACT_EXTENSION',
    version: 1,
    direction: 'INBOUND',
    description:
      'The foreign ministry or an embassy: a PMI extends the work contract abroad without going home. The membership is extended (or created through CONTRACT_EXTENSION_ABROAD) and the extension fee billed.',
    senders: ['MINISTRY', 'EMBASSY'],
    schema: ContractExtension,
    example: {
      person,
      passport: { number: 'C1234567', issuingCountry: 'ID', expiryDate: '2030-01-31' },
      country: 'HK',
      contract: { start: '2026-02-01', previousEnd: '2028-01-31', newEnd: '2030-01-31' },
    },
  },
  {
    type: 'DEPARTURE',
    version: 1,
    direction: 'INBOUND',
    description:
      'Immigration: a worker left Indonesia. The placement starts on the crossing date; a PMI leaving with no work-accident protection that day is flagged (membership is mandatory for PMI).',
    senders: ['IMMIGRATION'],
    schema: Crossing,
    example: { passport: { number: 'C1234567', issuingCountry: 'ID' }, crossedOn: '2026-02-01', country: 'HK', borderPost: 'CGK' },
  },
  {
    type: 'ARRIVAL',
    version: 1,
    direction: 'INBOUND',
    description: 'Immigration: a worker came back to Indonesia. A PMI abroad moves to after-placement on the crossing date.',
    senders: ['IMMIGRATION'],
    schema: Crossing,
    example: { passport: { number: 'C1234567', issuingCountry: 'ID' }, crossedOn: '2028-02-03', country: 'HK', borderPost: 'CGK' },
  },
  {
    type: 'PARTNER_REGISTRATION',
    version: 1,
    direction: 'INBOUND',
    description: 'An embassy desk or a local partner abroad registers a PMI; the partner is recorded as the channel.',
    senders: ['EMBASSY', 'LOCAL_PARTNER'],
    schema: PartnerRegistration,
    example: {
      person,
      passport: { number: 'C1234567', issuingCountry: 'ID', expiryDate: '2030-01-31' },
      placement: {
        destinationCountry: 'HK',
        employerName: 'Chan Tai Man',
        placementRoute: 'PLACEMENT_EXECUTOR',
        contractStart: '2026-02-01',
        contractEnd: '2028-01-31',
      },
    },
  },
  {
    type: 'MEMBERSHIP_STATUS',
    version: 1,
    direction: 'OUTBOUND',
    description:
      'Lindung to the foreign ministry, in answer to a self-report: whether the reporting PMI is a member and protected, so its portal can show it.',
    senders: ['LINDUNG'],
    schema: MembershipStatus,
    example: {
      inReplyTo: 'LAPORDIRI-2026-000123',
      membershipNumber: '10000000018',
      status: 'ACTIVE',
      protected: true,
      protectedUntil: '2028-01-31',
      asOf: '2026-03-01',
    },
  },
];

export function catalogueEntry(type: string): CatalogueEntry | undefined {
  return catalogue.find((entry) => entry.type === type);
}
