import fastifyMultipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, type Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { json, pageOf, pageQuery, problemResponses, stringEnum } from '../kernel/http.ts';
import { sendProblem } from '../kernel/problem.ts';
import { documentTypes } from '../partners/service.ts';
import { CatalogueSchema, LogEntrySchema, ReceiptSchema } from './schemas.ts';
import * as exchange from './service.ts';

const tags = ['Exchange'];
const officers = ['OFFICER', 'SUPERVISOR', 'AUDITOR', 'ADMINISTRATOR'] as const;
const uploaders = ['PARTNER_USER', 'OFFICER', 'SUPERVISOR', 'ADMINISTRATOR'] as const;
const maxUploadBytes = 256 * 1024 * 1024;
const inboundTypes = documentTypes.filter((t) => t !== 'MEMBERSHIP_STATUS');

const ImportReportSchema = Type.Object({
  importId: Type.String({ format: 'uuid' }),
  partnerCode: Type.String(),
  documentType: Type.String(),
  fileName: Type.String(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  effects: Type.Record(Type.String(), Type.Integer()),
  replayed: Type.Boolean({ description: 'The same file had been imported before: its first report, nothing applied again.' }),
});

/** The partner a request acts for: a partner user's own, or the one staff name. */
async function actingPartner(ctx: AppContext, principal: Principal | undefined, named: string | undefined): Promise<string> {
  if (principal?.kind === 'staff' && principal.role === 'PARTNER_USER') {
    const own = principal.partnerId
      ? await ctx.db.selectFrom('partners').select('code').where('id', '=', principal.partnerId).executeTakeFirst()
      : undefined;
    if (!own || (named !== undefined && named !== own.code)) {
      throw new DomainError('forbidden', 'NOT_YOUR_PARTNER', {
        en: 'A partner user works only for their own partner.',
        id: 'Pengguna mitra hanya bekerja untuk mitranya sendiri.',
      });
    }
    return own.code;
  }
  if (!named)
    throw invalidInput([issue('/partnerCode', 'FIELD_REQUIRED', 'Name the partner the file comes from.', 'Sebutkan mitra asal berkas.')]);
  return named;
}

/** Whose figures a request may read: a partner user only their own partner's; staff any partner's, or all (undefined). */
async function readablePartner(ctx: AppContext, principal: Principal | undefined, named: string | undefined): Promise<string | undefined> {
  const partnerUser = principal?.kind === 'staff' && principal.role === 'PARTNER_USER';
  return partnerUser ? actingPartner(ctx, principal, named) : named;
}

async function readUpload(request: FastifyRequest): Promise<{ fileName: string; content: Buffer }> {
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file();
  } catch (error) {
    throw uploadProblem(error);
  }
  if (!part) throw invalidInput([issue('/file', 'FILE_REQUIRED', 'Send one file part.', 'Kirim satu bagian berkas.')]);
  try {
    return { fileName: part.filename || 'upload', content: await part.toBuffer() };
  } catch (error) {
    throw uploadProblem(error);
  }
}

function uploadProblem(error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new DomainError('payload_too_large', 'FILE_TOO_LARGE', {
      en: `The file is larger than ${maxUploadBytes / 1024 / 1024} MiB; split it or use lindung import.`,
      id: `Berkas lebih besar dari ${maxUploadBytes / 1024 / 1024} MiB; pecah berkas atau gunakan lindung import.`,
    });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new DomainError('unsupported_media_type', 'MULTIPART_REQUIRED', {
      en: 'Send the file as multipart/form-data with one file part.',
      id: 'Kirim berkas sebagai multipart/form-data dengan satu bagian berkas.',
    });
  }
  return error as Error;
}

async function requireImportVisible(ctx: AppContext, principal: Principal | undefined, importId: string) {
  const row = await ctx.db.selectFrom('exchange_imports').select(['id', 'partner_id']).where('id', '=', importId).executeTakeFirst();
  const partnerUser = principal?.kind === 'staff' && principal.role === 'PARTNER_USER';
  if (!row || (partnerUser && principal.partnerId !== row.partner_id)) {
    throw new DomainError('not_found', 'IMPORT_NOT_FOUND', {
      en: `No file import ${importId}.`,
      id: `Tidak ada impor berkas ${importId}.`,
    });
  }
}

export function exchangeRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // A signed message is a compact JWS, read as text; the gateway checks its size itself.
    app.addContentTypeParser(exchange.joseMediaType, { parseAs: 'string', bodyLimit: exchange.maxMessageBytes }, (_request, body, done) =>
      done(null, body),
    );
    // A body over the limit is answered, signed and logged, like every other rejection.
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && request.routeOptions.url === '/api/v1/exchange/messages') {
        const answer = await exchange.rejectOversized(ctx, request.id);
        if (!answer.ok) return sendProblem(reply, request, answer.error);
      }
      throw error;
    });

    await app.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 0, parts: 1 } });

    app.post(
      '/api/v1/exchange/messages',
      {
        config: { auth: 'jws' },
        bodyLimit: exchange.maxMessageBytes,
        // The signature is the authentication: it is checked before anything else is read.
        schema: {
          tags,
          summary: 'Send a signed document (compact JWS) to Lindung',
          description:
            'The body is a compact JWS (EdDSA, `kid` of a key registered for the partner) whose payload is `{ type, version, sender, messageId, sentAt, document }`. Lindung checks the signature, the key’s validity, the clock (±5 minutes), replay of the message id, the agreement and its fields, and the document’s schema, and answers with a receipt signed by its own key. Rejections are problem documents that carry a signed receipt too.',
          body: {
            content: {
              [exchange.joseMediaType]: {
                schema: {
                  type: 'string',
                  maxLength: exchange.maxMessageBytes,
                  examples: [
                    'eyJhbGciOiJFZERTQSIsImtpZCI6ImtlbWVubHUtMjAyNiIsInR5cCI6ImxpbmR1bmctZXhjaGFuZ2UrandzIn0.eyJ0eXBlIjoiREVQQVJUVVJFIn0.c2lnbmF0dXJl',
                  ],
                },
              },
            },
          },
          response: {
            200: json(ReceiptSchema, 'Accepted, with Lindung’s signed receipt'),
            ...problemResponses(400, 401, 403, 409, 413, 422),
          },
        },
      },
      async (request, reply) => {
        const answer = await exchange.receiveMessage(ctx, typeof request.body === 'string' ? request.body : undefined, request.id);
        if (!answer.ok) {
          // Another process holds the message: the partner retries after its claim would lapse.
          const retryAfter = answer.error.extensions.retryAfterSeconds;
          if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
          return sendProblem(reply, request, answer.error);
        }
        return reply.code(answer.status).send(answer.body);
      },
    );

    app.get(
      '/api/v1/exchange/catalogue',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'Document catalogue v1: each type with its JSON Schema, an example and a description',
          response: { 200: json(CatalogueSchema, 'The catalogue') },
        },
      },
      async () => exchange.describeCatalogue(),
    );

    app.get(
      '/api/v1/exchange/log',
      {
        config: { auth: [...officers] },
        schema: {
          tags,
          summary: 'The message log, newest first (hashes only: no document content)',
          querystring: Type.Object({
            partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
            cursor: Type.Optional(Type.String({ maxLength: 30 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          }),
          response: {
            200: json(Type.Object({ items: Type.Array(LogEntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), 'Entries'),
            ...problemResponses(401, 403, 422),
          },
        },
      },
      async (request) => exchange.listLog(ctx, request.query as never),
    );

    app.get(
      '/api/v1/exchange/log/verification',
      {
        config: { auth: ['AUDITOR', 'SUPERVISOR', 'ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Check the message log’s hash chain from the first entry to the head',
          response: {
            200: json(
              Type.Object({
                entries: Type.Integer(),
                intact: Type.Boolean(),
                firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
                reason: Type.Union([Type.String(), Type.Null()]),
              }),
              'Result',
            ),
            ...problemResponses(401, 403),
          },
        },
      },
      async () => exchange.verifyLog(ctx),
    );
    app.get(
      '/api/v1/exchange/templates/:documentType',
      {
        config: { auth: [...uploaders, 'AUDITOR'] },
        schema: {
          tags,
          summary: 'The bulk-file template of a document type (CSV or XLSX), with one example row',
          params: Type.Object({ documentType: stringEnum(inboundTypes) }),
          querystring: Type.Object({ format: Type.Optional(stringEnum(['csv', 'xlsx'] as const)) }),
          response: {
            200: { description: 'The template', content: { 'text/csv': { schema: Type.String() } } },
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { documentType } = request.params as { documentType: string };
        const format = (request.query as { format?: 'csv' | 'xlsx' }).format ?? 'csv';
        const template = await exchange.fileTemplate(documentType, format);
        if (template === undefined) {
          throw new DomainError('not_found', 'UNKNOWN_DOCUMENT_TYPE', {
            en: `No template for ${documentType}.`,
            id: `Tidak ada templat untuk ${documentType}.`,
          });
        }
        const name = `${documentType.toLowerCase()}-template.${format}`;
        return reply
          .header('content-disposition', `attachment; filename="${name}"`)
          .type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
          .send(template);
      },
    );

    app.post(
      '/api/v1/exchange/files',
      {
        config: { auth: [...uploaders] },
        schema: {
          tags,
          summary: 'Upload a bulk file (CSV or XLSX) of one document type',
          description:
            'multipart/form-data with one file part, laid out as the template. Every row is validated and applied, and reported (accepted or rejected with reasons). Sending the same file again resumes an interrupted import or returns the first report: each accepted row is applied exactly once. A partner user uploads for their own partner; staff name it.',
          consumes: ['multipart/form-data'],
          querystring: Type.Object({ documentType: stringEnum(inboundTypes), partnerCode: Type.Optional(Type.String({ maxLength: 64 })) }),
          response: { 200: json(ImportReportSchema, 'The import’s report'), ...problemResponses(400, 401, 403, 404, 413, 415, 422) },
        },
      },
      async (request) => {
        const query = request.query as { documentType: string; partnerCode?: string };
        const partnerCode = await actingPartner(ctx, request.principal, query.partnerCode);
        const file = await readUpload(request);
        return exchange.importFile(
          ctx,
          { partnerCode, documentType: query.documentType, fileName: file.fileName, content: file.content },
          actorOf(request.principal),
        );
      },
    );

    app.get(
      '/api/v1/exchange/files',
      {
        config: { auth: [...uploaders, 'AUDITOR'] },
        schema: {
          tags,
          summary: 'The bulk files uploaded, newest first, with their totals',
          description: 'A partner user sees their own partner’s files; staff see every partner’s, or one partner’s with partnerCode.',
          querystring: Type.Object({
            partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
            documentType: Type.Optional(stringEnum(inboundTypes)),
            ...pageQuery(100),
          }),
          response: {
            200: json(
              pageOf(
                Type.Object({
                  importId: Type.String({ format: 'uuid' }),
                  partnerCode: Type.String(),
                  documentType: Type.String(),
                  fileName: Type.String(),
                  rows: Type.Integer(),
                  status: stringEnum(['COMPLETED', 'IN_PROGRESS'] as const),
                  accepted: Type.Integer(),
                  rejected: Type.Integer(),
                  effects: Type.Record(Type.String(), Type.Integer()),
                  uploadedBy: Type.String(),
                  startedAt: Type.String({ format: 'date-time' }),
                  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                }),
              ),
              'Files',
            ),
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const query = request.query as { partnerCode?: string; documentType?: string; cursor?: string; limit?: number };
        return exchange.listFiles(ctx, { ...query, partnerCode: await readablePartner(ctx, request.principal, query.partnerCode) });
      },
    );

    app.get(
      '/api/v1/exchange/files/:importId',
      {
        config: { auth: [...uploaders, 'AUDITOR'] },
        schema: {
          tags,
          summary: 'A file import’s totals',
          params: Type.Object({ importId: Type.String({ format: 'uuid' }) }),
          response: { 200: json(ImportReportSchema, 'Totals'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const { importId } = request.params as { importId: string };
        await requireImportVisible(ctx, request.principal, importId);
        return exchange.reportOf(ctx, importId, false);
      },
    );

    app.get(
      '/api/v1/exchange/files/:importId/rows',
      {
        config: { auth: [...uploaders, 'AUDITOR'] },
        schema: {
          tags,
          summary: 'A file import’s row-by-row validation report',
          params: Type.Object({ importId: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            outcome: Type.Optional(stringEnum(['ACCEPTED', 'REJECTED'] as const)),
            cursor: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({
                    row: Type.Integer({ description: 'Data row, 1 for the row under the header.' }),
                    outcome: Type.String(),
                    effect: Type.Union([Type.String(), Type.Null()]),
                    membershipNumber: Type.Union([Type.String(), Type.Null()]),
                    reasons: Type.Array(
                      Type.Object({ column: Type.Union([Type.String(), Type.Null()]), code: Type.String(), message: Type.String() }),
                    ),
                  }),
                ),
                nextCursor: Type.Union([Type.Integer(), Type.Null()]),
              }),
              'Rows',
            ),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request) => {
        const { importId } = request.params as { importId: string };
        await requireImportVisible(ctx, request.principal, importId);
        return exchange.listImportRows(ctx, importId, request.query as never);
      },
    );

    app.get(
      '/api/v1/exchange/reports/partners',
      {
        config: { auth: [...officers, 'PARTNER_USER'] },
        schema: {
          tags,
          summary: 'Per partner and document type: received, accepted, rejected, registrations produced',
          description: 'A partner user sees their own partner’s figures only.',
          querystring: Type.Object({
            from: Type.Optional(Type.String({ format: 'date' })),
            to: Type.Optional(Type.String({ format: 'date' })),
            partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
          }),
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({
                    partnerCode: Type.String(),
                    documentType: Type.String(),
                    received: Type.Integer(),
                    accepted: Type.Integer(),
                    rejected: Type.Integer(),
                    replayed: Type.Integer(),
                    registrations: Type.Integer(),
                    byApi: Type.Integer(),
                    byFile: Type.Integer(),
                  }),
                ),
                nextCursor: Type.Null(),
              }),
              'Activity',
            ),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => {
        const query = request.query as { from?: string; to?: string; partnerCode?: string };
        const partnerCode = await readablePartner(ctx, request.principal, query.partnerCode);
        return { items: await exchange.partnerActivity(ctx, { ...query, ...(partnerCode ? { partnerCode } : {}) }), nextCursor: null };
      },
    );

    app.get(
      '/api/v1/exchange/reports/departed-without-protection',
      {
        config: { auth: [...officers] },
        schema: {
          tags,
          summary: 'PMI who departed without active protection, by destination country',
          querystring: Type.Object({
            from: Type.Optional(Type.String({ format: 'date' })),
            to: Type.Optional(Type.String({ format: 'date' })),
            country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
          }),
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({
                    country: Type.String(),
                    count: Type.Integer(),
                    departures: Type.Array(Type.Record(Type.String(), Type.Unknown())),
                  }),
                ),
                nextCursor: Type.Null(),
              }),
              'By country',
            ),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => exchange.departedWithoutProtection(ctx, request.query as never),
    );
    app.get(
      '/api/v1/exchange/dead-letters',
      {
        config: { auth: [...officers] },
        schema: {
          tags,
          summary: 'Outbound partner deliveries that kept failing (dead letters)',
          querystring: Type.Object({
            cursor: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          }),
          response: {
            200: json(
              Type.Object({
                items: Type.Array(
                  Type.Object({
                    id: Type.Integer(),
                    topic: Type.String(),
                    attempts: Type.Integer(),
                    lastError: Type.Union([Type.String(), Type.Null()]),
                    createdAt: Type.String({ format: 'date-time' }),
                  }),
                ),
                nextCursor: Type.Union([Type.Integer(), Type.Null()]),
              }),
              'Dead letters of the partner gateway',
            ),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request) => exchange.listExchangeDeadLetters(ctx, request.query as never),
    );

    app.post(
      '/api/v1/exchange/dead-letters/redrive',
      {
        config: { auth: ['SUPERVISOR', 'ADMINISTRATOR'] },
        schema: {
          tags,
          summary: 'Send the partner gateway’s dead letters again',
          body: Type.Object(
            { ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000, description: 'Default: all of them.' })) },
            { additionalProperties: false, examples: [{ ids: [42] }] },
          ),
          response: { 200: json(Type.Object({ requeued: Type.Integer() }), 'Queued again'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => ({ requeued: await exchange.redriveExchangeDeadLetters(ctx, (request.body as { ids?: number[] }).ids) }),
    );
  };
}
