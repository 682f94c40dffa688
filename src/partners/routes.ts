import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { json, problemResponses, stringEnum } from '../kernel/http.ts';
import { partnerTypes } from './rules.ts';
import * as partners from './service.ts';

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
  };
}
