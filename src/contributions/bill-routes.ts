import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { json, problemResponses, stringEnum } from '../kernel/http.ts';
import { BusinessDate, MembershipNumberParams } from '../membership/schemas.ts';
import { cancelBill } from './cancel-bill.ts';
import { issueBill } from './issue-bill.ts';
import { listBills } from './list-bills.ts';
import { programs } from './regulations.ts';

const tags = ['Contributions'];
const payerTypes = ['WORKER', 'EMPLOYER', 'PLACEMENT_AGENCY', 'GOVERNMENT_PROGRAM'] as const;
const Localized = Type.Object({ en: Type.String(), id: Type.String() });
const BillLine = Type.Object({
  code: Type.String(),
  program: Type.String(),
  amount: Type.Integer(),
  description: Localized,
  basis: Localized,
  status: Type.String({ description: 'CONFIRMED, SECONDARY or UNCONFIRMED: how sure the figure is.' }),
});

export function billRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/members/:membershipNumber/bills',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'PARTNER_USER', 'MEMBER'] satisfies Role[] },
        schema: {
          tags,
          summary: 'Bill a member',
          description:
            'PMI_BEFORE_PLACEMENT, PMI_PLACEMENT (the open placement’s contract) or PMI_EXTENSION (the latest extension) for a migrant worker; MONTHLY for BPU and PU. Priced by the regulation in force; the same thing is never billed twice (409 ALREADY_BILLED).',
          params: MembershipNumberParams,
          body: Type.Object(
            {
              item: stringEnum(['PMI_BEFORE_PLACEMENT', 'PMI_PLACEMENT', 'PMI_EXTENSION', 'MONTHLY'] as const),
              periodStart: Type.Optional(BusinessDate),
              months: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
              programs: Type.Optional(Type.Array(stringEnum(programs), { minItems: 1, uniqueItems: true })),
              riskClass: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
              jhtMonthlyAmount: Type.Optional(Type.Integer({ minimum: 1 })),
              payerType: Type.Optional(stringEnum(payerTypes)),
              payerName: Type.Optional(Type.String({ maxLength: 200 })),
            },
            {
              additionalProperties: false,
              examples: [
                { item: 'PMI_PLACEMENT' },
                { item: 'MONTHLY', periodStart: '2026-12-01', months: 3, programs: ['JKK', 'JKM', 'JHT'] },
              ],
            },
          ),
          response: {
            201: json(
              Type.Object({
                billNumber: Type.String(),
                kind: Type.String(),
                amount: Type.Integer(),
                dueDate: BusinessDate,
                periodFrom: BusinessDate,
                periodTo: BusinessDate,
                regulationId: Type.String(),
                lines: Type.Array(BillLine),
                coverage: Type.Array(Type.Object({ program: Type.String(), from: BusinessDate, to: BusinessDate })),
                unconfirmed: Type.Boolean(),
              }),
              'Issued',
            ),
            ...problemResponses(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        const body = request.body as { item: string; periodStart?: string; months?: number; programs?: string[] };
        const billRequest =
          body.item === 'MONTHLY'
            ? {
                ...body,
                item: 'MONTHLY' as const,
                periodStart: body.periodStart ?? '',
                months: body.months ?? 1,
                programs: body.programs ?? ['JKK', 'JKM'],
              }
            : body;
        return reply.code(201).send(await issueBill(ctx, membershipNumber, billRequest as never, request.principal));
      },
    );

    app.post(
      '/api/v1/bills/:billNumber/cancel',
      {
        config: { auth: ['SUPERVISOR'] satisfies Role[] },
        schema: {
          tags,
          summary: 'Cancel a bill issued in error (nothing paid on it yet)',
          params: Type.Object({ billNumber: Type.String({ pattern: '^[0-9]{14}$' }) }),
          body: Type.Object(
            { reason: Type.String({ minLength: 3, maxLength: 500 }) },
            { additionalProperties: false, examples: [{ reason: 'Billed for the wrong contract length.' }] },
          ),
          response: {
            200: json(
              Type.Object({ billNumber: Type.String(), status: Type.String(), cancelledAt: Type.String(), reason: Type.String() }),
              'Cancelled',
            ),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) =>
        cancelBill(ctx, (request.params as { billNumber: string }).billNumber, (request.body as { reason: string }).reason),
    );

    app.get(
      '/api/v1/members/:membershipNumber/bills',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER', 'MEMBER'] satisfies Role[] },
        schema: {
          tags,
          summary: 'A member’s bills: what is owed and what is paid',
          params: MembershipNumberParams,
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({
                    billNumber: Type.String(),
                    kind: Type.String(),
                    status: Type.String(),
                    overdue: Type.Boolean(),
                    amount: Type.Integer(),
                    paidAmount: Type.Integer(),
                    outstanding: Type.Integer(),
                    dueDate: BusinessDate,
                    periodFrom: BusinessDate,
                    periodTo: BusinessDate,
                    regulationId: Type.String(),
                    payerType: Type.String(),
                    lines: Type.Array(BillLine),
                  }),
                ),
                nextCursor: Type.Null(),
              }),
              'The bills',
            ),
            ...problemResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request) => listBills(ctx, (request.params as { membershipNumber: string }).membershipNumber, request.principal),
    );
  };
}
