import { Type } from '@sinclair/typebox';
import { stringEnum } from '../kernel/http.ts';
import { agreementKinds, agreementStatuses, documentTypes, permissionDirections } from './rules.ts';

const strict = { additionalProperties: false } as const;
const BusinessDate = Type.String({ format: 'date', description: 'ISO 8601 date (YYYY-MM-DD).' });

export const PublicJwkSchema = Type.Object(
  {
    kty: Type.Literal('OKP'),
    crv: Type.Literal('Ed25519'),
    x: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'The public key, base64url.' }),
    kid: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    alg: Type.Optional(Type.Literal('EdDSA')),
    use: Type.Optional(Type.Literal('sig')),
  },
  strict,
);

export const AddKeySchema = Type.Object(
  {
    publicJwk: PublicJwkSchema,
    validFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now.' })),
    validTo: Type.Optional(Type.String({ format: 'date-time', description: 'Default: open-ended.' })),
  },
  {
    ...strict,
    examples: [
      {
        publicJwk: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', kid: 'kemenlu-2026' },
        validFrom: '2026-01-01T00:00:00Z',
        validTo: '2027-01-01T00:00:00Z',
      },
    ],
  },
);

export const KeySchema = Type.Object({
  kid: Type.String(),
  publicJwk: Type.Record(Type.String(), Type.Unknown()),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  standing: stringEnum(['VALID', 'NOT_YET_VALID', 'EXPIRED', 'REVOKED'] as const),
});

const PermissionSchema = Type.Object(
  {
    documentType: stringEnum(documentTypes),
    direction: stringEnum(permissionDirections, 'SEND: the partner sends it to Lindung; RECEIVE: Lindung sends it to the partner.'),
    fields: Type.Array(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$' }), {
      maxItems: 100,
      description: 'Dotted paths the document may carry (a path allows everything below it).',
    }),
  },
  strict,
);

export const RecordAgreementSchema = Type.Object(
  {
    kind: stringEnum(agreementKinds, 'MOU (memorandum of understanding) or COOPERATION_AGREEMENT (PKS).'),
    reference: Type.String({ minLength: 1, maxLength: 100 }),
    signedOn: BusinessDate,
    validFrom: Type.Optional(BusinessDate),
    validTo: Type.Optional(Type.Intersect([BusinessDate], { description: 'Default: three years from signature.' })),
    scope: Type.String({ minLength: 1, maxLength: 1000 }),
    permissions: Type.Array(PermissionSchema, { minItems: 1, maxItems: 20 }),
  },
  {
    ...strict,
    examples: [
      {
        kind: 'COOPERATION_AGREEMENT',
        reference: 'PKS/KEMENLU/2026/01',
        signedOn: '2026-01-15',
        scope: 'Lapor Diri self-reports and membership status of Indonesian workers abroad',
        permissions: [
          {
            documentType: 'SELF_REPORT',
            direction: 'SEND',
            fields: ['person', 'passport', 'country', 'address', 'employer', 'contract', 'consentToRegister'],
          },
          {
            documentType: 'MEMBERSHIP_STATUS',
            direction: 'RECEIVE',
            fields: ['membershipNumber', 'status', 'protected', 'protectedUntil', 'inReplyTo'],
          },
        ],
      },
    ],
  },
);

export const AgreementSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: stringEnum(agreementKinds),
  reference: Type.String(),
  signedOn: BusinessDate,
  validFrom: BusinessDate,
  validTo: BusinessDate,
  scope: Type.String(),
  permissions: Type.Array(PermissionSchema),
  status: stringEnum(agreementStatuses),
  suspendedReason: Type.Union([Type.String(), Type.Null()]),
  standing: stringEnum(['IN_FORCE', 'NOT_YET_IN_FORCE', 'EXPIRED', 'SUSPENDED'] as const),
});

export const SuspensionSchema = Type.Object(
  { suspended: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { ...strict, examples: [{ suspended: true, reason: 'Yearly monitoring and evaluation pending' }] },
);
