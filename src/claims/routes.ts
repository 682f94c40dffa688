import fastifyMultipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, type Principal, type Role } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue, type Localized } from '../kernel/errors.ts';
import { json, problemResponses } from '../kernel/http.ts';
import type { ClaimStatus } from './rules.ts';
import { maxDocumentBytes, mediaTypes } from './rules.ts';
import {
  AppealRequestSchema,
  BatchParams,
  BatchRequestSchema,
  BatchSchema,
  ClaimNumberParams,
  ClaimViewSchema,
  ConfirmationReportSchema,
  DocumentParams,
  DocumentQuery,
  EmptyRequestSchema,
  ExportQuery,
  HistorySchema,
  MemberClaimsSchema,
  MembershipNumberParams,
  QueueQuery,
  QueueSchema,
  RegulationsSchema,
  RejectRequestSchema,
  ReproductionSchema,
  SimulateRequestSchema,
  SimulationSchema,
  SubmitClaimRequestSchema,
  UploadedDocumentSchema,
} from './schemas.ts';
import * as claims from './service.ts';
import { listDocuments } from './store.ts';
import { documentTooLarge } from './upload-document.ts';
import { visibleClaim } from './workflow.ts';

const tags = ['Claims'];
const filers: Role[] = ['MEMBER', 'OFFICER', 'SUPERVISOR', 'PARTNER_USER'];
const readers: Role[] = ['MEMBER', 'OFFICER', 'SUPERVISOR', 'AUDITOR', 'PARTNER_USER'];
const assessors: Role[] = ['OFFICER', 'SUPERVISOR'];
const staffReaders: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];

type Params = { claimNumber: string };

/**
 * The claims API. Who does what: a member files and follows their own claims (an heir
 * files a death benefit at an officer's or a partner's desk); officers check documents,
 * assess and approve; a supervisor approves what `needsSupervisor` names, decides
 * appeals, and makes and settles payment batches; auditors read.
 */
export function claimRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(fastifyMultipart, { limits: { fileSize: maxDocumentBytes, files: 1, fields: 0, parts: 1 } });
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.post(
      '/api/v1/claims',
      {
        config: { auth: filers },
        schema: {
          tags,
          summary: 'File a claim',
          description:
            'Refused with the reason (422) when the event is outside coverage of the program on the event date (`EVENT_NOT_COVERED`), when the regulation’s conditions are not met (`CLAIM_NOT_ELIGIBLE`, with each refusal and its source), or when facts are missing; 409 `DUPLICATE_CLAIM` when the same event was claimed before (a unique constraint decides, also between two simultaneous filings). A death benefit names the heir who claims it.',
          body: SubmitClaimRequestSchema,
          response: { 201: json(ClaimViewSchema, 'Filed'), ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const claim = await claims.submitClaim(ctx, request.body as claims.SubmitClaimInput, request.principal);
        return reply.code(201).send(claim);
      },
    );

    app.post(
      '/api/v1/claims/simulate',
      {
        config: { auth: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'Benefit simulator: what a claim would pay, and why',
          description:
            'Computes a claim line by line — rule, regulation, figures and their status — without filing anything. With hypothetical `member` figures coverage is assumed; with a `membershipNumber` (signed in: a member their own, staff whom they may see) the member’s history and coverage are used.',
          body: SimulateRequestSchema,
          response: { 200: json(SimulationSchema, 'The simulation'), ...problemResponses(400, 404, 422, 429) },
        },
      },
      async (request) => claims.simulateClaim(ctx, request.body as claims.SimulationInput, await optionalPrincipal(ctx, request)),
    );

    app.get(
      '/api/v1/claims/regulations',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'The benefit regulations claims are computed under',
          description:
            'Every benefit regulation with its scope, effective date, source and figures, each flagged CONFIRMED, SECONDARY or UNCONFIRMED.',
          response: { 200: json(RegulationsSchema, 'The regulation table') },
        },
      },
      async () => ({ items: claims.listClaimRegulations(), nextCursor: null }),
    );

    app.get(
      '/api/v1/claims/queue',
      {
        config: { auth: staffReaders },
        schema: {
          tags,
          summary: 'The officers’ claim queue, by service-level due time',
          description: 'Open claims (submitted, documents checked, assessed, appealed), the most urgent due time first, cursor-paged.',
          querystring: QueueQuery,
          response: { 200: json(QueueSchema, 'A page of the queue'), ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request) => {
        const query = request.query as { status?: ClaimStatus; claimType?: string; cursor?: string; limit?: number };
        return claims.listClaimQueue(ctx, query);
      },
    );

    app.get(
      '/api/v1/members/:membershipNumber/claims',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A member’s claims, newest first',
          params: MembershipNumberParams,
          response: { 200: json(MemberClaimsSchema, 'The claims'), ...problemResponses(401, 403, 404, 422) },
        },
      },
      async (request) => claims.listMemberClaims(ctx, (request.params as { membershipNumber: string }).membershipNumber, request.principal),
    );

    app.get(
      '/api/v1/claims/:claimNumber',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A claim: status, service-level clock, checklist and calculation',
          params: ClaimNumberParams,
          response: { 200: json(ClaimViewSchema, 'The claim'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => claims.readClaim(ctx, (request.params as Params).claimNumber, request.principal),
    );

    app.get(
      '/api/v1/claims/:claimNumber/history',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'Every transition of a claim: who, in which role, when',
          params: ClaimNumberParams,
          response: { 200: json(HistorySchema, 'The transitions'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => claims.claimHistory(ctx, (request.params as Params).claimNumber, request.principal),
    );

    app.get(
      '/api/v1/claims/:claimNumber/calculation',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'The stored calculation, computed again from its stored inputs',
          description: '`reproduced` is true when the same inputs under the same regulation give the same lines and total today.',
          params: ClaimNumberParams,
          response: { 200: json(ReproductionSchema, 'Stored and recomputed'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => claims.reproduceCalculation(ctx, (request.params as Params).claimNumber, request.principal),
    );

    app.post(
      '/api/v1/claims/:claimNumber/documents',
      {
        config: { auth: filers },
        schema: {
          tags,
          summary: 'Upload a document of the claim (multipart/form-data, one file)',
          description: `One file part. PDF, JPEG or PNG, recognised by content; at most ${maxDocumentBytes / 1024 / 1024} MiB (413). A file whose content is none of them is refused with 415; one whose name or declared type says otherwise than its content with 422. Stored once per SHA-256.`,
          consumes: ['multipart/form-data'],
          params: ClaimNumberParams,
          querystring: DocumentQuery,
          response: { 201: json(UploadedDocumentSchema, 'Stored'), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { item } = request.query as { item: string };
        const file = await readUpload(request);
        const stored = await claims.uploadDocument(
          ctx,
          {
            claimNumber: (request.params as Params).claimNumber,
            item,
            fileName: file.fileName,
            declaredType: file.mimetype,
            content: file.content,
          },
          request.principal,
        );
        return reply.code(201).send(stored);
      },
    );

    app.get(
      '/api/v1/claims/:claimNumber/documents',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'The documents attached to a claim: item, hash, type, size, who and when',
          params: ClaimNumberParams,
          response: { 200: json(DocumentListSchema, 'The documents, in upload order'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => {
        const claimNumber = (request.params as Params).claimNumber;
        const claim = await visibleClaim(ctx, ctx.db, claimNumber, request.principal);
        const rows = await listDocuments(ctx.db, claim.id);
        return {
          claimNumber,
          items: rows.map((r) => ({
            item: r.item,
            sha256: r.sha256,
            fileName: r.file_name,
            mediaType: r.media_type,
            size: r.size,
            uploadedBy: r.uploaded_by,
            uploadedAt: new Date(r.uploaded_at).toISOString(),
          })),
          nextCursor: null,
        };
      },
    );

    app.get(
      '/api/v1/claims/:claimNumber/documents/:sha256',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A document of the claim, as uploaded',
          params: DocumentParams,
          response: {
            200: {
              description: 'The file, with its type as detected from its content',
              content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
            },
            ...problemResponses(401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { claimNumber, sha256 } = request.params as { claimNumber: string; sha256: string };
        const document = await claims.readDocument(ctx, claimNumber, sha256, request.principal);
        return reply.type(document.mediaType).header('content-disposition', 'attachment').send(document.content);
      },
    );

    const action = (
      path: string,
      summary: string,
      auth: Role[],
      run: (claimNumber: string, body: unknown, principal: Principal | undefined) => Promise<unknown>,
      body: object = EmptyRequestSchema,
      description?: string,
    ) =>
      app.post(
        `/api/v1/claims/:claimNumber/${path}`,
        {
          config: { auth },
          schema: {
            tags,
            summary,
            ...(description ? { description } : {}),
            params: ClaimNumberParams,
            body,
            response: { 200: json(ClaimViewSchema, 'The claim after the transition'), ...problemResponses(400, 401, 403, 404, 409, 422) },
          },
        },
        async (request) => run((request.params as Params).claimNumber, request.body, request.principal),
      );

    action('document-check', 'Confirm the documents are complete', assessors, (n, _b, p) => claims.checkDocuments(ctx, n, p));
    action(
      'assessment',
      'Assess: compute the amount line by line and store it with its inputs',
      assessors,
      (n, _b, p) => claims.assessClaim(ctx, n, p),
      EmptyRequestSchema,
      'From DOCUMENTS_CHECKED; an appealed claim is assessed again by a supervisor.',
    );
    action(
      'approval',
      'Approve an assessed claim',
      assessors,
      (n, _b, p) => claims.approveClaim(ctx, n, p),
      EmptyRequestSchema,
      'A supervisor approves amounts above Rp 50,000,000, death benefits, appealed claims and amounts resting on an unconfirmed figure; whoever assessed does not approve.',
    );
    action(
      'rejection',
      'Reject a claim, with the reason',
      assessors,
      (n, b, p) => claims.rejectClaim(ctx, n, (b as { reason: Localized }).reason, p),
      RejectRequestSchema,
    );
    action(
      'appeal',
      'Appeal a rejection (once)',
      filers,
      (n, b, p) => claims.appealClaim(ctx, n, (b as { grounds: string }).grounds, p),
      AppealRequestSchema,
    );

    app.post(
      '/api/v1/claims/payment-batches',
      {
        config: { auth: ['SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Put approved claims into a bank payment batch',
          body: BatchRequestSchema,
          response: { 201: json(BatchSchema, 'The batch'), ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Parameters<typeof claims.createPaymentBatch>[1];
        return reply.code(201).send(await claims.createPaymentBatch(ctx, body, request.principal));
      },
    );

    app.get(
      '/api/v1/claims/payment-batches/:batchNumber',
      {
        config: { auth: ['SUPERVISOR', 'AUDITOR'] },
        schema: {
          tags,
          summary: 'A payment batch',
          params: BatchParams,
          response: { 200: json(BatchSchema, 'The batch'), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => claims.readBatch(ctx, (request.params as { batchNumber: string }).batchNumber),
    );

    app.get(
      '/api/v1/claims/payment-batches/:batchNumber/export',
      {
        config: { auth: ['SUPERVISOR', 'AUDITOR'] },
        schema: {
          tags,
          summary: 'The batch as a bank file: CSV or ISO 20022 pain.001.001.09',
          params: BatchParams,
          querystring: ExportQuery,
          response: {
            200: {
              description: 'The bank file',
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/xml': { schema: { type: 'string', description: 'ISO 20022 pain.001.001.09' } },
              },
            },
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { format } = request.query as { format: claims.ExportFormat };
        const file = await claims.exportPaymentBatch(ctx, (request.params as { batchNumber: string }).batchNumber, format);
        return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
      },
    );

    app.post(
      '/api/v1/claims/payment-batches/:batchNumber/confirmations',
      {
        config: { auth: ['SUPERVISOR'] },
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Import the bank’s confirmation of a batch (CSV)',
          description:
            'Header `end_to_end_id,status,amount,bank_reference,settled_on`; status PAID or RETURNED. A payment confirmed twice is paid once (ALREADY_CONFIRMED the second time). A paid JHT claim writes its withdrawal into the JHT ledger.',
          consumes: ['text/csv'],
          params: BatchParams,
          body: Type_String(),
          response: { 200: json(ConfirmationReportSchema, 'The report, line by line'), ...problemResponses(400, 401, 403, 404, 413, 422) },
        },
      },
      async (request) =>
        claims.importPaymentConfirmations(
          ctx,
          (request.params as { batchNumber: string }).batchNumber,
          request.body as string,
          request.principal,
        ),
    );
  };
}

// The list of a claim's documents (the web app shows each with a link to view it).
const DocumentListSchema = Type.Object({
  claimNumber: Type.String(),
  items: Type.Array(
    Type.Object({
      item: Type.String(),
      sha256: Type.String(),
      fileName: Type.Union([Type.String(), Type.Null()]),
      mediaType: Type.String(),
      size: Type.Integer(),
      uploadedBy: Type.String(),
      uploadedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  nextCursor: Type.Null(),
});

function Type_String() {
  return {
    type: 'string',
    description: 'The confirmation file.',
    examples: ['end_to_end_id,status,amount,bank_reference,settled_on\nK0000000001-PB00000001,PAID,4500000,BNI-778812,2026-03-02\n'],
  };
}

async function readUpload(request: FastifyRequest): Promise<{ fileName: string | null; mimetype: string | null; content: Buffer }> {
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file();
  } catch (error) {
    throw uploadProblem(error);
  }
  if (!part) throw invalidInput([issue('/file', 'FILE_REQUIRED', 'Send one file part.', 'Kirim satu bagian berkas.')]);
  try {
    return { fileName: part.filename || null, mimetype: part.mimetype || null, content: await part.toBuffer() };
  } catch (error) {
    throw uploadProblem(error);
  }
}

function uploadProblem(error: unknown): Error {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return documentTooLarge();
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new DomainError('unsupported_media_type', 'MULTIPART_REQUIRED', {
      en: 'Send the document as multipart/form-data with one file part.',
      id: 'Kirim dokumen sebagai multipart/form-data dengan satu bagian berkas.',
    });
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return invalidInput([
      issue('/file', 'ONE_FILE_ONLY', 'Send exactly one file part and no other field.', 'Kirim tepat satu bagian berkas tanpa isian lain.'),
    ]);
  }
  return error as Error;
}

/** The principal behind a token on a public route, when one is sent and live. */
async function optionalPrincipal(ctx: AppContext, request: FastifyRequest): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : request.cookies?.lindung_session;
  return token ? authenticate(ctx, token) : undefined;
}
