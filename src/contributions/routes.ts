import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, type Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { json, problemResponses, stringEnum } from '../kernel/http.ts';
import { messageLanguage } from '../kernel/language.ts';
import { BusinessDate, MembershipNumberParams } from '../membership/schemas.ts';
import { checkChannelSignature, signatureHeader, timestampHeader } from './channel-signature.ts';
import { coverageOn, coveragePrograms } from './coverage.ts';
import { importStatement } from './import-statement.ts';
import { recordDeskPayment } from './record-desk-payment.ts';
import { applyUnmatchedPayment, type PaymentInput, recordPayment } from './record-payment.ts';
import { arrears, type CollectionDimension, collectionDimensions, contributionsCollected } from './reports.ts';
import { channelSecret, createChannel, listChannels, listStatementLines } from './service.ts';

const tags = ['Contributions'];
const readers: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER', 'MEMBER'];

const PaymentBody = Type.Object(
  {
    channelReference: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._/-]+$' }),
    billNumber: Type.String({ pattern: '^[0-9]{14}$' }),
    amount: Type.Integer({ description: 'Rupiah credited.' }),
    paidAt: Type.String({ format: 'date-time' }),
    foreign: Type.Optional(
      Type.Object(
        {
          currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217.' }),
          amount: Type.Integer({ description: 'What the worker paid, in the currency’s minor units.' }),
          rate: Type.String({ maxLength: 24, description: 'Rupiah per whole unit, as a decimal string.' }),
          rateDate: BusinessDate,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const PaymentResultSchema = Type.Object({
  paymentId: Type.String(),
  outcome: stringEnum(['ALLOCATED', 'UNMATCHED'] as const),
  reason: Type.Union([Type.String(), Type.Null()]),
  billNumber: Type.String(),
  billStatus: Type.Union([Type.String(), Type.Null()]),
  replayed: Type.Boolean(),
});

const ChannelSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  partnerCode: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
});

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

export function contributionRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // Signatures are over the exact bytes received, so JSON bodies are kept raw here too.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, body: string, done) => {
      request.rawBody = body;
      try {
        done(null, body.length === 0 ? undefined : JSON.parse(body));
      } catch {
        done(Object.assign(new Error('Malformed JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
      }
    });
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 256 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.post(
      '/api/v1/payment-channels',
      {
        config: { auth: ['ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Add a payment channel',
          description: 'Answers once with the channel’s notification secret (HMAC-SHA256 key).',
          body: Type.Object(
            {
              code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,63}$' }),
              name: Type.String({ minLength: 1, maxLength: 200 }),
              kind: stringEnum(['VIRTUAL_ACCOUNT', 'REMITTANCE_ABROAD', 'OVER_THE_COUNTER', 'GOVERNMENT_TRANSFER'] as const),
              partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
              currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
            },
            {
              additionalProperties: false,
              examples: [{ code: 'BNI-VA', name: 'BNI virtual account', kind: 'VIRTUAL_ACCOUNT', partnerCode: 'BANK-BNI' }],
            },
          ),
          response: {
            201: json(Type.Object({ channel: ChannelSchema, webhookSecret: Type.String() }), 'Created'),
            ...problemResponses(400, 401, 403, 409, 422),
          },
        },
      },
      async (request, reply) => reply.code(201).send(await createChannel(ctx, request.body as never)),
    );

    app.get(
      '/api/v1/payment-channels',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR', 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Payment channels',
          response: {
            200: json(Type.Object({ items: Type.Array(ChannelSchema), nextCursor: Type.Null() }), 'All'),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => ({ items: await listChannels(ctx), nextCursor: null }),
    );

    app.post(
      '/api/v1/payment-channels/:channelCode/notifications',
      {
        config: { auth: 'hmac' },
        // Before the body is validated: an unsigned request learns nothing about the schema.
        preValidation: async (request) => {
          const { channelCode } = request.params as { channelCode: string };
          await verifyChannelSignature(ctx, channelCode, request);
        },
        schema: {
          tags,
          summary: 'A payment channel notifies a payment',
          description: `Signed with the channel's secret: \`${signatureHeader}: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">\` and \`${timestampHeader}: <unix seconds>\`, within 5 minutes. Recorded once per channel reference: a replay answers as the first time.`,
          params: Type.Object({ channelCode: Type.String({ maxLength: 64 }) }),
          body: {
            ...PaymentBody,
            examples: [
              { channelReference: 'VA-20260115-000123', billNumber: '20260000000017', amount: 332500, paidAt: '2026-01-15T02:00:00Z' },
            ],
          },
          response: { 200: json(PaymentResultSchema, 'Recorded'), ...problemResponses(400, 401, 409, 422) },
        },
      },
      async (request) => {
        const { channelCode } = request.params as { channelCode: string };
        const body = request.body as Omit<PaymentInput, 'channelCode'>;
        return recordPayment(ctx, { ...body, channelCode }, 'NOTIFICATION', `channel:${channelCode}`);
      },
    );

    app.post(
      '/api/v1/payments',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Record a payment taken at a desk or by government transfer',
          description: 'Over the counter at an embassy or partner desk, or a transfer from a government program. The bill must be open.',
          body: Type.Object(
            { ...PaymentBody.properties, channelCode: Type.String({ maxLength: 64 }) },
            {
              additionalProperties: false,
              examples: [
                {
                  channelCode: 'KJRI-HK-DESK',
                  channelReference: 'DESK-HK-000451',
                  billNumber: '20260000000017',
                  amount: 332500,
                  paidAt: '2026-01-15T02:00:00Z',
                  foreign: { currency: 'HKD', amount: 16500, rate: '2015.15', rateDate: '2026-01-15' },
                },
              ],
            },
          ),
          response: { 200: json(PaymentResultSchema, 'Recorded'), ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request) => recordDeskPayment(ctx, request.body as never, request.principal),
    );

    app.post(
      '/api/v1/payments/:paymentId/apply',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Apply an unmatched payment to the bill it was meant for',
          params: Type.Object({ paymentId: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { billNumber: Type.String({ pattern: '^[0-9]{14}$' }) },
            { additionalProperties: false, examples: [{ billNumber: '20260000000017' }] },
          ),
          response: { 200: json(PaymentResultSchema, 'Applied'), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        applyUnmatchedPayment(
          ctx,
          (request.params as { paymentId: string }).paymentId,
          (request.body as { billNumber: string }).billNumber,
          actorOf(request.principal),
        ),
    );

    app.post(
      '/api/v1/payment-channels/:channelCode/statements',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR'] },
        bodyLimit: 256 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Reconcile a channel’s daily statement (CSV)',
          description:
            'Body: `text/csv` with the header `reference,bill_number,amount,paid_at`. Every row is matched, posted, duplicate, amount differs, unmatched or invalid; payments recorded that day but absent from the file are counted. The same file twice gives the first report.',
          params: Type.Object({ channelCode: Type.String({ maxLength: 64 }) }),
          querystring: Type.Object({ statementDate: BusinessDate }),
          consumes: ['text/csv'],
          body: Type.String({
            description: 'The statement file.',
            examples: ['reference,bill_number,amount,paid_at\nVA-20260115-000123,20260000000017,332500,2026-01-15T02:00:00Z\n'],
          }),
          response: {
            200: json(
              Type.Object({
                importId: Type.String(),
                channelCode: Type.String(),
                statementDate: BusinessDate,
                rows: Type.Integer(),
                summary: Type.Record(Type.String(), Type.Integer()),
                replayed: Type.Boolean(),
              }),
              'The reconciliation report',
            ),
            ...problemResponses(400, 401, 403, 413, 422),
          },
        },
      },
      async (request) => {
        const { channelCode } = request.params as { channelCode: string };
        const { statementDate } = request.query as { statementDate: string };
        return importStatement(ctx, { channelCode, statementDate, csv: String(request.body ?? '') }, actorOf(request.principal));
      },
    );

    app.get(
      '/api/v1/statements/:importId/lines',
      {
        config: { auth: ['OFFICER', 'SUPERVISOR', 'AUDITOR'] },
        schema: {
          tags,
          summary: 'The rows of a reconciled statement, for an officer to act on',
          params: Type.Object({ importId: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            outcome: Type.Optional(stringEnum(['MATCHED', 'POSTED', 'DUPLICATE', 'AMOUNT_DIFFERS', 'UNMATCHED', 'INVALID'] as const)),
            cursor: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({
                    lineNumber: Type.Integer(),
                    reference: Type.Union([Type.String(), Type.Null()]),
                    billNumber: Type.Union([Type.String(), Type.Null()]),
                    amount: Type.Union([Type.Integer(), Type.Null()]),
                    outcome: Type.String(),
                    detail: Type.Union([Type.String(), Type.Null()]),
                  }),
                ),
                nextCursor: Type.Union([Type.Integer(), Type.Null()]),
              }),
              'A page of rows',
            ),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const { importId } = request.params as { importId: string };
        return listStatementLines(ctx, importId, request.query as never);
      },
    );

    const reportRoles: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];
    app.get(
      '/api/v1/reports/contributions',
      {
        config: { auth: reportRoles },
        schema: {
          tags,
          summary: 'Contributions collected, grouped',
          description:
            'Payments applied to bills between two dates (Jakarta time), grouped by any of: month, segment, paymentChannel, registrationChannel, destinationCountry (comma-separated).',
          querystring: Type.Object({
            from: BusinessDate,
            to: BusinessDate,
            groupBy: Type.Optional(
              Type.String({ pattern: `^(${collectionDimensions.join('|')})(,(${collectionDimensions.join('|')}))*$` }),
            ),
          }),
          response: {
            200: json(
              Type.Object({
                from: BusinessDate,
                to: BusinessDate,
                groupBy: Type.Array(Type.String()),
                rows: Type.Array(
                  Type.Object({ group: Type.Record(Type.String(), Type.String()), payments: Type.Integer(), amount: Type.Integer() }),
                ),
                total: Type.Integer(),
              }),
              'The report',
            ),
            ...problemResponses(400, 401, 403, 422),
          },
        },
      },
      async (request) => {
        const query = request.query as { from: string; to: string; groupBy?: string };
        const groupBy = (query.groupBy ? query.groupBy.split(',') : []) as CollectionDimension[];
        return contributionsCollected(ctx, { from: query.from, to: query.to, groupBy });
      },
    );

    app.get(
      '/api/v1/reports/arrears',
      {
        config: { auth: reportRoles },
        schema: {
          tags,
          summary: 'Open bills past due, by segment and age',
          querystring: Type.Object({ asOf: Type.Optional(BusinessDate) }),
          response: {
            200: json(
              Type.Object({
                asOf: BusinessDate,
                rows: Type.Array(
                  Type.Object({ segment: Type.String(), ageBucket: Type.String(), bills: Type.Integer(), outstanding: Type.Integer() }),
                ),
                outstanding: Type.Integer(),
              }),
              'The report',
            ),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => arrears(ctx, (request.query as { asOf?: string }).asOf ?? ctx.clock.today()),
    );

    app.get(
      '/api/v1/members/:membershipNumber/coverage',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'Is the member protected by a program on a date, and why',
          params: MembershipNumberParams,
          querystring: Type.Object({ program: stringEnum(coveragePrograms), date: Type.Optional(BusinessDate) }),
          response: {
            200: json(
              Type.Object({
                membershipNumber: Type.String(),
                program: Type.String(),
                date: BusinessDate,
                covered: Type.Boolean(),
                reason: Type.Object({
                  code: Type.String(),
                  message: Type.String(),
                  period: Type.Union([Type.Object({ from: BusinessDate, to: BusinessDate }), Type.Null()]),
                  bill: Type.Union([
                    Type.Object({ billNumber: Type.String(), kind: Type.String(), regulationId: Type.String() }),
                    Type.Null(),
                  ]),
                  payment: Type.Union([
                    Type.Object({ channelCode: Type.String(), channelReference: Type.String(), paidAt: Type.String() }),
                    Type.Null(),
                  ]),
                  legacyPolicy: Type.Optional(
                    Type.Object(
                      { consortium: Type.String(), policyNumber: Type.String() },
                      { description: 'A former consortium policy still running, carried over (reason LEGACY_POLICY).' },
                    ),
                  ),
                }),
              }),
              'The answer with its reason',
            ),
            ...problemResponses(400, 401, 403, 404, 422),
          },
        },
      },
      async (request) => {
        const { membershipNumber } = request.params as { membershipNumber: string };
        const query = request.query as { program: (typeof coveragePrograms)[number]; date?: string };
        const answer = await coverageOn(
          ctx,
          membershipNumber,
          { program: query.program, date: query.date ?? ctx.clock.today() },
          request.principal,
        );
        const language = messageLanguage(request.headers['accept-language']);
        return { ...answer, reason: { ...answer.reason, message: answer.reason.message[language] } };
      },
    );
  };
}

async function verifyChannelSignature(ctx: AppContext, channelCode: string, request: FastifyRequest): Promise<void> {
  const secret = await channelSecret(ctx, channelCode);
  const check = secret
    ? checkChannelSignature(
        secret,
        { signature: header(request, signatureHeader), timestamp: header(request, timestampHeader) },
        request.rawBody ?? '',
        Math.floor(ctx.clock.now().getTime() / 1000),
      )
    : ({ ok: false, code: 'SIGNATURE_INVALID' } as const);
  if (check.ok) return;
  const stale = check.code === 'TIMESTAMP_OUT_OF_WINDOW';
  throw new DomainError('unauthenticated', check.code, {
    en: stale
      ? 'The notification is too old or from the future; nothing was recorded.'
      : 'The notification’s signature is missing or wrong; nothing was recorded.',
    id: stale
      ? 'Notifikasi terlalu lama atau dari masa depan; tidak ada yang dicatat.'
      : 'Tanda tangan notifikasi tidak ada atau salah; tidak ada yang dicatat.',
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
