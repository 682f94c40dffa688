import { type Static, Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import {
  AddressSchema,
  BusinessDate,
  MembershipNumber,
  PassportSchema,
  PlacementInputSchema,
  PmiPhaseSchema,
  StatusSchema,
} from '../membership/schemas.ts';
import { selfServiceSegments } from './rules.ts';

const strict = { additionalProperties: false } as const;

export const PhoneCodeRequestSchema = Type.Object(
  { phone: Type.String({ maxLength: 20, description: 'E.164, e.g. +85291234567.' }) },
  { ...strict, examples: [{ phone: '+85291234567' }] },
);

export const PhoneCodeSentSchema = Type.Object({
  confirmationId: Type.String({ format: 'uuid', description: 'Send it back with the code.' }),
  expiresInSeconds: Type.Integer(),
});

export const PhoneConfirmationSchema = Type.Object(
  { confirmationId: Type.String({ format: 'uuid' }), code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { ...strict, examples: [{ confirmationId: '0b9c2a36-5d1e-4b59-9a51-3f0e6c1d2b7a', code: '123456' }] },
);

export const PhoneConfirmedSchema = Type.Object({
  registrationToken: Type.String({ description: 'Valid for one registration.' }),
  phone: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const SelfRegistrationSchema = Type.Object(
  {
    registrationToken: Type.String({ minLength: 20, maxLength: 100 }),
    segment: stringEnum(selfServiceSegments, 'PMI (migrant worker) or BPU (informal worker).'),
    person: Type.Object(
      {
        nik: Type.String({ maxLength: 32, description: 'National identity number, 16 digits.' }),
        fullName: Type.String({ maxLength: 200 }),
        birthDate: BusinessDate,
        sex: stringEnum(['F', 'M'] as const, 'As on the identity card.'),
        birthPlace: Type.Optional(Type.String({ maxLength: 100 })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        address: Type.Optional(AddressSchema),
        passport: Type.Optional(PassportSchema),
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
  },
  {
    ...strict,
    examples: [
      {
        registrationToken: 'q3v0l6mS8XbqZC8rKkQy2g1p5o4n3m2l1k0j9i8h7g6',
        segment: 'PMI',
        person: {
          nik: '3204054508950001',
          fullName: 'Siti Aminah',
          birthDate: '1995-08-05',
          sex: 'F',
          passport: { number: 'C1234567', issuingCountry: 'ID', expiryDate: '2030-01-31' },
        },
        pmi: {
          phase: 'DURING_PLACEMENT',
          placement: {
            destinationCountry: 'HK',
            placementRoute: 'INDIVIDUAL',
            contractStart: '2026-02-01',
            contractEnd: '2028-01-31',
          },
        },
      },
    ],
  },
);
export type SelfRegistrationInput = Static<typeof SelfRegistrationSchema>;

export const SelfRegistrationResultSchema = Type.Object({
  membershipNumber: MembershipNumber,
  status: StatusSchema,
  warnings: Type.Array(Type.Object({ pointer: Type.String(), code: Type.String(), message: Type.String() })),
});
