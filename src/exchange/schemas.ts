import { Type } from '@sinclair/typebox';

export const ReceiptSchema = Type.Object({
  outcome: Type.Literal('ACCEPTED'),
  replayed: Type.Boolean({
    description: 'True when this message id had been received before with the same content: the original receipt.',
  }),
  requestId: Type.String(),
  requestHash: Type.String({ description: 'SHA-256 (hex) of the request body as received.' }),
  messageId: Type.String(),
  documentType: Type.String(),
  result: Type.Record(Type.String(), Type.Unknown()),
  receipt: Type.String({ description: 'Compact JWS signed with Lindung’s key (see /.well-known/jwks.json).' }),
});

export const CatalogueSchema = Type.Object({
  version: Type.Literal(1),
  envelope: Type.Record(Type.String(), Type.Unknown()),
  items: Type.Array(
    Type.Object({
      type: Type.String(),
      version: Type.Integer(),
      direction: Type.String(),
      description: Type.String(),
      senders: Type.Array(Type.String()),
      schema: Type.Record(Type.String(), Type.Unknown()),
      example: Type.Record(Type.String(), Type.Unknown()),
      fileColumns: Type.Array(Type.String()),
    }),
  ),
});

export const LogEntrySchema = Type.Object({
  seq: Type.Integer(),
  loggedAt: Type.String({ format: 'date-time' }),
  direction: Type.String(),
  kind: Type.String(),
  partnerCode: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  documentType: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.String(),
  outcome: Type.String(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  contentSha256: Type.String(),
  previousHash: Type.String(),
  entryHash: Type.String(),
});
