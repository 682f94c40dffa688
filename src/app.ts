import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { installAccessControl } from './auth/access-hook.ts';
import { authRoutes } from './auth/routes.ts';
import { cardRoutes } from './cards/routes.ts';
import { claimRoutes } from './claims/routes.ts';
import type { AppContext } from './context.ts';
import { billRoutes } from './contributions/bill-routes.ts';
import { cohortRoutes } from './contributions/cohort-routes.ts';
import { quoteRoutes } from './contributions/quote-routes.ts';
import { contributionRoutes } from './contributions/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { exchangeRoutes } from './exchange/routes.ts';
import { harmonizationRoutes } from './harmonization/routes.ts';
import { jhtRoutes } from './jht/routes.ts';
import { DomainError } from './kernel/errors.ts';
import { json, problemResponses } from './kernel/http.ts';
import { loggerOptions } from './kernel/log.ts';
import { ProblemSchema, problemContentType, renderProblem, sendProblem, toDomainError } from './kernel/problem.ts';
import { membershipRoutes } from './membership/routes.ts';
import { partnerRoutes } from './partners/routes.ts';
import { selfServiceRoutes } from './self-service/routes.ts';
import { webRoutes } from './web/plugin.ts';

export interface AppOptions {
  /** false silences request logs (tests, benchmarks). */
  logger?: boolean;
}

/** Builds the HTTP app from the modules; nothing else. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(ctx.config.logLevel),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    genReqId: () => crypto.randomUUID(),
  });

  app.addSchema(ProblemSchema);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit of ${context.max} per ${context.after} exceeded`), { statusCode: 429 }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lindung API',
        version: '1',
        description:
          'Social-security protection for Indonesian migrant workers (PMI), informal workers and foreign workers in Indonesia. Errors are RFC 9457 problem documents in Indonesian or English (Accept-Language).',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'lindung_session' },
          partnerJws: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWS',
            description:
              'The body itself is a compact JWS (EdDSA) signed with the partner’s registered Ed25519 key (`kid` in the protected header); no session.',
          },
          channelSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'x-lindung-signature',
            description: 'v1=<hex HMAC-SHA256 of "<x-lindung-timestamp>.<raw body>"> with the payment channel’s secret.',
          },
        },
      },
      tags: [
        { name: 'System', description: 'Health, keys and documents' },
        { name: 'Access', description: 'Sign-in, sessions and accounts' },
        { name: 'Members', description: 'Registration and membership of every kind of worker' },
        { name: 'Partners', description: 'Partner institutions' },
        { name: 'Contributions', description: 'Bills, payments, statements and coverage' },
        { name: 'JHT', description: 'Old-age savings accounts' },
        { name: 'Claims', description: 'Benefit claims, their calculation, documents and payment' },
        { name: 'Exchange', description: 'Partner gateway: signed documents, message log, bulk files and reports' },
        { name: 'Self-service', description: 'A worker registers themselves after confirming their phone' },
        { name: 'Cards', description: 'Membership cards and their public verification' },
        { name: 'Dashboard', description: 'Coverage in figures, with exports' },
        {
          name: 'Harmonization',
          description: 'Linking partners’ records of people to the register: runs, review, merges, online matching, legacy policies',
        },
      ],
    },
    refResolver: { buildLocalReference: (schema, _base, _fragment, i) => (schema.$id as string | undefined) ?? `Schema${i}` },
    transform: ({ schema, url, route }) => {
      const auth = route.config?.auth;
      const security: Array<Record<string, string[]>> =
        auth === 'hmac'
          ? [{ channelSignature: [] }]
          : auth === 'jws'
            ? [{ partnerJws: [] }]
            : auth === undefined || auth === 'public'
              ? []
              : [{ bearer: [] }, { session: [] }];
      return { schema: { ...schema, security } as unknown as typeof schema, url };
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  installAccessControl(app, ctx);

  app.setErrorHandler((error, request, reply) => {
    const problem = toDomainError(error as Error);
    if (problem) return sendProblem(reply, request, problem);
    request.log.error({ err: error }, 'unhandled error');
    const internal = new DomainError('unavailable', 'INTERNAL_ERROR', {
      en: 'Something went wrong on our side; nothing was changed. Try again later.',
      id: 'Terjadi kesalahan di sisi kami; tidak ada yang diubah. Coba lagi nanti.',
    });
    return reply
      .code(500)
      .type(problemContentType)
      .send({ ...renderProblem(internal, request), status: 500 });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new DomainError('not_found', 'ROUTE_NOT_FOUND', {
        en: `No route ${request.method} ${request.url.split('?')[0]}.`,
        id: `Tidak ada rute ${request.method} ${request.url.split('?')[0]}.`,
      }),
    ),
  );

  await app.register(systemRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(partnerRoutes(ctx));
  await app.register(membershipRoutes(ctx));
  await app.register(contributionRoutes(ctx));
  await app.register(billRoutes(ctx));
  await app.register(cohortRoutes(ctx));
  await app.register(quoteRoutes(ctx));
  await app.register(jhtRoutes(ctx));
  await app.register(claimRoutes(ctx));
  await app.register(exchangeRoutes(ctx));
  await app.register(selfServiceRoutes(ctx));
  await app.register(cardRoutes(ctx));
  await app.register(dashboardRoutes(ctx));
  await app.register(harmonizationRoutes(ctx));
  // The web app last: its catch-all GET serves the app for any path the API does not own.
  await app.register(webRoutes());
  return app;
}

function systemRoutes(ctx: AppContext) {
  const tags = ['System'];
  return async (app: FastifyInstance) => {
    app.get(
      '/health',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Liveness with the database reachable',
          response: { 200: json(Type.Object({ status: Type.Literal('ok') }), 'Healthy'), ...problemResponses(503) },
        },
      },
      async () => {
        try {
          await sql`select 1`.execute(ctx.db);
        } catch {
          throw new DomainError('unavailable', 'DATABASE_UNREACHABLE', {
            en: 'The database cannot be reached.',
            id: 'Basis data tidak dapat dihubungi.',
          });
        }
        return { status: 'ok' as const };
      },
    );
    app.get(
      '/.well-known/jwks.json',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Lindung’s public signing keys (Ed25519)',
          response: { 200: json(Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.Unknown())) }), 'JSON Web Key Set') },
        },
      },
      async () => ctx.signingKeys.jwks(),
    );
    app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  };
}
