import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { json, problemResponses } from '../kernel/http.ts';
import { BusinessDate } from '../membership/schemas.ts';
import { createCohort, enrollInCohort, issueCohortBill } from './cohorts.ts';

const tags = ['Contributions'];
const CohortCode = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,63}$' }) });

export function cohortRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/cohorts',
      {
        config: { auth: ['SUPERVISOR', 'ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Create a contribution-assistance cohort (Bantuan Iuran)',
          body: Type.Object(
            {
              code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,63}$' }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              payerPartnerCode: Type.String({ maxLength: 64 }),
              monthlyAmounts: Type.Object(
                { JKK: Type.Optional(Type.Integer({ minimum: 1 })), JKM: Type.Optional(Type.Integer({ minimum: 1 })) },
                { additionalProperties: false, minProperties: 1 },
              ),
              validFrom: BusinessDate,
              validTo: Type.Optional(BusinessDate),
            },
            {
              additionalProperties: false,
              examples: [
                {
                  code: 'ASKESOS-KARIMUN-2027',
                  name: 'Askesos Karimun 2027',
                  payerPartnerCode: 'KEMENSOS',
                  monthlyAmounts: { JKK: 12000, JKM: 3600 },
                  validFrom: '2027-01-01',
                  validTo: '2029-12-31',
                },
              ],
            },
          ),
          response: { 201: json(Type.Record(Type.String(), Type.Unknown()), 'Created'), ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => reply.code(201).send(await createCohort(ctx, request.body as never)),
    );

    app.post(
      '/api/v1/cohorts/:code/members',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Enroll informal workers in a cohort',
          description: 'One result per member: enrolled, or the reason it was not (not BPU, closed, already enrolled, not visible).',
          params: CohortCode,
          body: Type.Object(
            {
              membershipNumbers: Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 1000 }),
              enrolledFrom: BusinessDate,
            },
            { additionalProperties: false, examples: [{ membershipNumbers: ['10000000016'], enrolledFrom: '2027-01-01' }] },
          ),
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({ membershipNumber: Type.String(), enrolled: Type.Boolean(), reason: Type.Optional(Type.String()) }),
                ),
              }),
              'One result per member',
            ),
            ...problemResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request) => {
        const { code } = request.params as { code: string };
        return { items: await enrollInCohort(ctx, code, request.body as never, request.principal) };
      },
    );

    app.post(
      '/api/v1/cohorts/:code/bills',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Bill the government program for a month of its cohort',
          params: CohortCode,
          body: Type.Object(
            { month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }) },
            { additionalProperties: false, examples: [{ month: '2027-01' }] },
          ),
          response: { 201: json(Type.Record(Type.String(), Type.Unknown()), 'Issued'), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const { code } = request.params as { code: string };
        return reply.code(201).send(await issueCohortBill(ctx, code, (request.body as { month: string }).month));
      },
    );
  };
}
