import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { json, pageOf, pageQuery, problemResponses, stringEnum } from '../kernel/http.ts';
import { BusinessDate, StatusSchema } from '../membership/schemas.ts';
import { dashboardCharts, exportFormats } from './rules.ts';
import * as dashboard from './service.ts';

const tags = ['Dashboard'];
const viewers: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR', 'PARTNER_USER'];
const Period = { from: Type.Optional(BusinessDate), to: Type.Optional(BusinessDate) };

const DashboardSchema = Type.Object({
  from: Type.Union([BusinessDate, Type.Null()]),
  to: Type.Union([BusinessDate, Type.Null()]),
  total: Type.Integer(),
  byPhase: Type.Array(Type.Object({ phase: Type.String(), members: Type.Integer() })),
  byDestination: Type.Array(Type.Object({ country: Type.String(), phase: Type.String(), members: Type.Integer() })),
  byChannel: Type.Array(
    Type.Object({
      channel: Type.String(),
      partnerCode: Type.Union([Type.String(), Type.Null()]),
      partnerName: Type.Union([Type.String(), Type.Null()]),
      members: Type.Integer(),
    }),
  ),
  monthly: Type.Array(Type.Object({ month: Type.String(), registered: Type.Integer(), cumulative: Type.Integer() })),
});

export function dashboardRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get(
      '/api/v1/dashboard/pmi',
      {
        config: { auth: viewers },
        schema: {
          tags,
          summary: 'Migrant workers (PMI) in figures',
          description:
            'Open PMI memberships registered in the period (all when absent) by phase — candidates in training and preparation, working abroad, returned —, by destination country, by channel and partner, and per month. A partner user sees its own registrations only.',
          querystring: Type.Object(Period),
          response: { 200: json(DashboardSchema, 'The figures'), ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request) => dashboard.readPmiDashboard(ctx, request.query as never, request.principal),
    );

    app.get(
      '/api/v1/dashboard/registrations',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'The latest registrations, newest first',
          description:
            'Officers follow up registrations not yet paid (status REGISTERED); a partner user lists the members its own partner registered.',
          querystring: Type.Object({ status: Type.Optional(StatusSchema), ...pageQuery(100) }),
          response: {
            200: json(
              pageOf(
                Type.Object({
                  membershipNumber: Type.String(),
                  fullName: Type.String(),
                  segment: Type.String(),
                  status: Type.String(),
                  pmiPhase: Type.Union([Type.String(), Type.Null()]),
                  channel: Type.String(),
                  partnerCode: Type.Union([Type.String(), Type.Null()]),
                  registeredAt: Type.String({ format: 'date-time' }),
                }),
              ),
              'A page of registrations',
            ),
            ...problemResponses(400, 401, 403, 422),
          },
        },
      },
      async (request) => dashboard.listRegistrations(ctx, request.query as never, request.principal, request.id),
    );

    app.get(
      '/api/v1/dashboard/pmi/export',
      {
        config: { auth: viewers },
        schema: {
          tags,
          summary: 'One chart of the PMI dashboard as CSV or XLSX',
          querystring: Type.Object({ chart: stringEnum(dashboardCharts), format: stringEnum(exportFormats), ...Period }),
          response: {
            200: {
              description: 'The file',
              content: {
                'text/csv': { schema: Type.String() },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.String({ format: 'binary' }) },
              },
            },
            ...problemResponses(400, 401, 403, 422),
          },
        },
      },
      async (request, reply) => {
        const query = request.query as { chart: dashboard.DashboardChart; format: dashboard.ExportFormat; from?: string; to?: string };
        const figures = await dashboard.readPmiDashboard(ctx, query, request.principal);
        const file = await dashboard.exportChart(figures, query.chart, query.format);
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(file.body);
      },
    );
  };
}
