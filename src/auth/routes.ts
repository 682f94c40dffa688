import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { json, problemResponses, stringEnum } from '../kernel/http.ts';
import { CountryCode } from '../membership/schemas.ts';
import { sessionCookie, tokenOf } from './access-hook.ts';
import { staffRoles } from './rules.ts';
import * as auth from './service.ts';

const tags = ['Access'];

const SessionSchema = Type.Object({
  token: Type.String({ description: 'Bearer token for API clients; browsers use the http-only cookie.' }),
  expiresAt: Type.String({ format: 'date-time' }),
  principal: Type.Record(Type.String(), Type.Unknown()),
});

const MemberIdentifierSchema = Type.Union([
  Type.Object({ nik: Type.String({ pattern: '^[0-9]{16}$' }) }, { additionalProperties: false }),
  Type.Object(
    {
      passport: Type.Object(
        { number: Type.String({ pattern: '^[A-Z0-9]{5,20}$' }), issuingCountry: CountryCode },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
]);

export function authRoutes(ctx: AppContext) {
  function startSession(reply: FastifyReply, session: auth.IssuedSession) {
    reply.setCookie(sessionCookie, session.token, {
      httpOnly: true,
      secure: ctx.config.secureCookies,
      sameSite: 'strict',
      path: '/',
      expires: session.expiresAt,
    });
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), principal: session.principal };
  }

  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/auth/login',
      {
        config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Staff sign-in',
          description:
            'Answers with a session in a secure http-only cookie and a bearer token. Failed attempts are rate-limited per username.',
          body: Type.Object(
            { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false, examples: [{ username: 'officer', password: 'lindung-demo-officer' }] },
          ),
          response: { 200: json(SessionSchema, 'Signed in'), ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body as { username: string; password: string };
        return startSession(reply, await auth.login(ctx, username, password));
      },
    );

    app.post(
      '/api/v1/auth/member/code',
      {
        config: { auth: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Send a worker a one-time sign-in code',
          description:
            'The code goes to the member’s phone through the notification outbox. The answer is the same whether or not the identifier is registered.',
          body: { ...MemberIdentifierSchema, examples: [{ nik: '3204054508950001' }] },
          response: { 202: json(Type.Object({ expiresInSeconds: Type.Integer() }), 'Sent if registered'), ...problemResponses(400, 429) },
        },
      },
      async (request, reply) => reply.code(202).send(await auth.requestMemberCode(ctx, request.body as never)),
    );

    app.post(
      '/api/v1/auth/member/verify',
      {
        config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Sign a worker in with the one-time code',
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['identifier', 'code'],
            properties: { identifier: MemberIdentifierSchema, code: { type: 'string', pattern: '^[0-9]{6}$' } },
            examples: [{ identifier: { nik: '3204054508950001' }, code: '123456' }],
          },
          response: { 200: json(SessionSchema, 'Signed in'), ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { identifier, code } = request.body as { identifier: never; code: string };
        return startSession(reply, await auth.verifyMemberCode(ctx, identifier, code));
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { auth: [...staffRoles, 'MEMBER'] },
        schema: {
          tags,
          summary: 'End the current session',
          response: { 204: { description: 'Signed out', type: 'null' }, ...problemResponses(401) },
        },
      },
      async (request, reply) => {
        const token = tokenOf(request);
        if (token) await auth.logout(ctx, token);
        reply.clearCookie(sessionCookie, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/auth/session',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Whether anyone is signed in, and who',
          description:
            'Always 200, for a page to decide what to show without an error in the browser’s console: signedIn false when no credential is sent or it is no longer valid. `/auth/me` answers 401 instead.',
          response: {
            200: json(
              Type.Object({
                signedIn: Type.Boolean(),
                principal: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
                sessionEnded: Type.Boolean({
                  description: 'A credential was sent but is no longer valid (expired, or signed out elsewhere).',
                }),
              }),
              'The session',
            ),
          },
        },
      },
      async (request) => {
        const token = tokenOf(request);
        const principal = token ? await auth.authenticate(ctx, token) : undefined;
        return { signedIn: principal !== undefined, principal: principal ?? null, sessionEnded: token !== undefined && !principal };
      },
    );

    app.get(
      '/api/v1/auth/me',
      {
        config: { auth: [...staffRoles, 'MEMBER'] },
        schema: {
          tags,
          summary: 'Who is signed in',
          response: { 200: json(Type.Record(Type.String(), Type.Unknown()), 'The principal'), ...problemResponses(401) },
        },
      },
      async (request) => request.principal,
    );

    app.post(
      '/api/v1/users',
      {
        config: { auth: ['ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Create a staff account',
          body: Type.Object(
            {
              username: Type.String({ maxLength: 64 }),
              role: stringEnum(staffRoles),
              password: Type.String({ maxLength: 200 }),
              partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
              displayName: Type.Optional(Type.String({ maxLength: 200 })),
            },
            {
              additionalProperties: false,
              examples: [
                { username: 'kjri-hk-desk', role: 'PARTNER_USER', password: 'correct horse battery', partnerCode: 'KJRI-HONGKONG' },
              ],
            },
          ),
          response: {
            201: json(Type.Object({ id: Type.String(), username: Type.String(), role: Type.String() }), 'Created'),
            ...problemResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (request, reply) => {
        const user = await auth.createUser(ctx, request.body as never);
        return reply.code(201).send({ id: user.id, username: user.username, role: user.role });
      },
    );
  };
}
