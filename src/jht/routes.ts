import type { FastifyInstance } from 'fastify';
import { actorOf, type Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { json, problemResponses } from '../kernel/http.ts';
import {
  BalanceQuery,
  BalanceSchema,
  MembershipNumberParams,
  StatementQuery,
  StatementSchema,
  YieldPostingRequestSchema,
  YieldPostingSchema,
  YieldYearParams,
} from './schemas.ts';
import * as jht from './service.ts';

const tags = ['JHT'];
const readers: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER', 'MEMBER'];

export function jhtRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/v1/members/:membershipNumber/jht',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A member’s JHT balance on a date',
          description:
            'The old-age savings balance at the end of the date (today when absent). A partner user sees the members its partner registered; a member sees their own.',
          params: MembershipNumberParams,
          querystring: BalanceQuery,
          response: { 200: json(BalanceSchema, 'The balance'), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        const { date } = request.query as { date?: string };
        return jht.jhtBalance(ctx, membershipNumber, date, request.principal);
      },
    );

    app.get(
      '/api/v1/members/:membershipNumber/jht/statement',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A member’s JHT statement for a period',
          description:
            'Opening balance, every entry valued in the period with the running balance, and closing balance. Corrections are entries of their own that name the entry they correct.',
          params: MembershipNumberParams,
          querystring: StatementQuery,
          response: { 200: json(StatementSchema, 'The statement'), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        const query = request.query as { from?: string; to?: string };
        const statement = await jht.jhtStatement(ctx, membershipNumber, query, request.principal);
        return { ...statement, entries: statement.entries.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString() })) };
      },
    );

    app.post(
      '/api/v1/jht/yields/:year',
      {
        config: { auth: ['SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Post a year’s development yield to every JHT account',
          description:
            'After the year is over, credits each account its day-weighted yield for the year at the rate of the rate table, valued 31 December. Answers 201 when posted now and 200 with the first posting when the year was posted before. A rate that is not CONFIRMED is posted only with acceptUnconfirmedRate, and its status stays with the posting.',
          params: YieldYearParams,
          body: YieldPostingRequestSchema,
          response: {
            200: json(YieldPostingSchema, 'Posted before; nothing written now'),
            201: json(YieldPostingSchema, 'Posted'),
            ...problemResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const { year } = request.params as { year: number };
        const body = (request.body ?? {}) as { acceptUnconfirmedRate?: boolean };
        const posting = await jht.postYearlyYield(ctx, year, {
          postedBy: actorOf(request.principal),
          acceptUnconfirmedRate: body.acceptUnconfirmedRate ?? false,
        });
        return reply.code(posting.alreadyPosted ? 200 : 201).send({ ...posting, postedAt: posting.postedAt.toISOString() });
      },
    );
  };
}
