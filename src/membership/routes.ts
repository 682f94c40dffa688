import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { json, problemResponses } from '../kernel/http.ts';
import { messageLanguage } from '../kernel/language.ts';
import {
  AddPassportSchema,
  CloseSchema,
  ContactUpdateSchema,
  ContractExtensionSchema,
  HistorySchema,
  MembershipNumberParams,
  MemberViewSchema,
  MoveSchema,
  PhaseChangeSchema,
  RegistrationResultSchema,
  RegistrationSchema,
  SearchResultSchema,
  SearchSchema,
} from './schemas.ts';
import * as membership from './service.ts';

const tags = ['Members'];
const institutionStaff: Role[] = ['OFFICER', 'SUPERVISOR'];
const readers: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER', 'MEMBER'];
const updaters: Role[] = ['OFFICER', 'SUPERVISOR', 'PARTNER_USER', 'MEMBER'];

const ChangeResult = Type.Object({ membershipNumber: Type.String(), change: Type.Record(Type.String(), Type.Unknown()) });

export function membershipRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/members',
      {
        config: { auth: [...institutionStaff, 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Register a worker',
          description:
            'Registers a person with one membership for life. A second registration of the same NIK or passport answers 409 with the existing membership number.',
          body: RegistrationSchema,
          response: {
            201: json(RegistrationResultSchema, 'Registered'),
            ...problemResponses(400, 401, 403, 409, 413, 422),
          },
        },
      },
      async (request, reply) => {
        const result = await membership.registerMember(ctx, request.body as never, request.principal);
        const language = messageLanguage(request.headers['accept-language']);
        return reply
          .code(201)
          .header('location', `/api/v1/members/${result.membershipNumber}`)
          .send({ ...result, warnings: result.warnings.map((w) => ({ pointer: w.pointer, code: w.code, message: w.message[language] })) });
      },
    );

    app.get(
      '/api/v1/members/:membershipNumber',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A member’s full record',
          params: MembershipNumberParams,
          response: { 200: json(MemberViewSchema, 'The member'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        return membership.findMember(ctx, membershipNumber, request.principal, request.id);
      },
    );

    app.post(
      '/api/v1/members/search',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Find members',
          description: 'By NIK, passport, membership number, or name with birth date. Identifiers travel in the body, never in the URL.',
          body: SearchSchema,
          response: { 200: json(SearchResultSchema, 'A page of members'), ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request) => membership.searchMembers(ctx, request.body as never, request.principal, request.id),
    );

    app.get(
      '/api/v1/members/:membershipNumber/history',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER', 'MEMBER'] },
        schema: {
          tags,
          summary: 'Every change to a member, oldest first',
          params: MembershipNumberParams,
          querystring: Type.Object({
            cursor: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          }),
          response: { 200: json(HistorySchema, 'A page of events'), ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        const query = request.query as { cursor?: string; limit?: number };
        return membership.listMemberHistory(ctx, membershipNumber, query, request.principal);
      },
    );

    const change = (
      method: 'patch' | 'post',
      path: string,
      summary: string,
      body: object,
      roles: Role[],
      apply: (
        n: string,
        input: never,
        principal: typeof undefined | import('../auth/rules.ts').Principal,
      ) => Promise<Record<string, unknown>>,
    ) =>
      app[method](
        `/api/v1/members/:membershipNumber${path}`,
        {
          config: { auth: roles },
          schema: {
            tags,
            summary,
            params: MembershipNumberParams,
            body,
            response: { 200: json(ChangeResult, 'Recorded'), ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) => {
          const { membershipNumber } = request.params as { membershipNumber: string };
          const result = await apply(membershipNumber, request.body as never, request.principal);
          return { membershipNumber, change: result };
        },
      );

    change('patch', '/contact', 'Update contact details and bank account', ContactUpdateSchema, updaters, (n, input, p) =>
      membership.updateContact(ctx, n, input, p),
    );
    change('post', '/contract-extensions', 'Record a contract extension abroad', ContractExtensionSchema, updaters, (n, input, p) =>
      membership.extendContract(ctx, n, input, p),
    );
    change('post', '/passports', 'Add a (renewed) passport', AddPassportSchema, updaters, (n, input, p) =>
      membership.addPassport(ctx, n, input, p),
    );
    change('post', '/moves', 'Record a move to another destination country', MoveSchema, updaters, (n, input, p) =>
      membership.moveDestination(ctx, n, input, p),
    );
    change('post', '/phase', 'Change a migrant worker’s phase', PhaseChangeSchema, institutionStaff, (n, input, p) =>
      membership.changePhase(ctx, n, input, p),
    );
    change('post', '/close', 'Close a membership', CloseSchema, ['SUPERVISOR'], (n, input, p) =>
      membership.closeMembership(ctx, n, input, p),
    );
  };
}
