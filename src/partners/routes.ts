import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { json, problemResponses, stringEnum } from '../kernel/http.ts';
import { partnerTypes } from './rules.ts';
import { AddKeySchema, AgreementSchema, KeySchema, RecordAgreementSchema, SuspensionSchema } from './schemas.ts';
import * as partners from './service.ts';

const readers = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR'] as const;
const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

const tags = ['Partners'];
const PartnerSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  type: stringEnum(partnerTypes),
  country: Type.String(),
});

export function partnerRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/v1/partners',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR', 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Partner institutions',
          response: {
            200: json(Type.Object({ items: Type.Array(PartnerSchema), nextCursor: Type.Null() }), 'All partners'),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => ({ items: await partners.listPartners(ctx), nextCursor: null }),
    );

    app.post(
      '/api/v1/partners',
      {
        config: { auth: ['ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Add a partner institution',
          body: Type.Object(
            {
              code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,63}$' }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              type: stringEnum(partnerTypes),
              country: Type.String({ pattern: '^[A-Z]{2}$' }),
            },
            { additionalProperties: false, examples: [{ code: 'KBRI-SEOUL', name: 'KBRI Seoul', type: 'EMBASSY', country: 'KR' }] },
          ),
          response: { 201: json(PartnerSchema, 'Created'), ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await partners.createPartner(ctx, request.body as never)),
    );
    app.get(
      '/api/v1/partners/:code/keys',
      {
        config: { auth: [...readers] },
        schema: {
          tags,
          summary: 'A partner’s public signing keys, with their validity',
          params: CodeParams,
          response: {
            200: json(Type.Object({ items: Type.Array(KeySchema), nextCursor: Type.Null() }), 'Keys'),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request) => ({ items: await partners.listPartnerKeys(ctx, (request.params as { code: string }).code), nextCursor: null }),
    );

    app.post(
      '/api/v1/partners/:code/keys',
      {
        config: { auth: ['ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Register a partner’s public signing key (Ed25519 JWK)',
          description: 'Several keys may be valid at once, for rollover.',
          params: CodeParams,
          body: AddKeySchema,
          response: { 201: json(KeySchema, 'Registered'), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await partners.addPartnerKey(ctx, (request.params as { code: string }).code, request.body as never)),
    );

    app.post(
      '/api/v1/partners/:code/keys/:kid/revoke',
      {
        config: { auth: ['ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Revoke a partner key at once',
          params: Type.Object({ code: Type.String({ maxLength: 64 }), kid: Type.String({ maxLength: 200 }) }),
          response: { 200: json(KeySchema, 'Revoked'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const { code, kid } = request.params as { code: string; kid: string };
        return partners.revokePartnerKey(ctx, code, kid);
      },
    );

    app.get(
      '/api/v1/partners/:code/agreements',
      {
        config: { auth: [...readers] },
        schema: {
          tags,
          summary: 'A partner’s agreements (MoU, cooperation agreements) and what they permit',
          params: CodeParams,
          response: {
            200: json(Type.Object({ items: Type.Array(AgreementSchema), nextCursor: Type.Null() }), 'Agreements'),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request) => ({ items: await partners.listAgreements(ctx, (request.params as { code: string }).code), nextCursor: null }),
    );

    app.post(
      '/api/v1/partners/:code/agreements',
      {
        config: { auth: ['ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Record an agreement with its permitted document types and fields',
          params: CodeParams,
          body: RecordAgreementSchema,
          response: { 201: json(AgreementSchema, 'Recorded'), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await partners.recordAgreement(ctx, (request.params as { code: string }).code, request.body as never)),
    );

    app.post(
      '/api/v1/partners/:code/agreements/:agreementId/suspension',
      {
        config: { auth: ['ADMINISTRATOR', 'SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Suspend an agreement (its exchanges stop) or lift the suspension',
          params: Type.Object({ code: Type.String({ maxLength: 64 }), agreementId: Type.String({ format: 'uuid' }) }),
          body: SuspensionSchema,
          response: { 200: json(AgreementSchema, 'Updated'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { code, agreementId } = request.params as { code: string; agreementId: string };
        return partners.setAgreementSuspension(ctx, code, agreementId, request.body as never);
      },
    );
  };
}
