import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf, type Role } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { invalidInput, issue } from '../kernel/errors.ts';
import { json, problemResponses } from '../kernel/http.ts';
import { findPartnerByCode } from '../partners/service.ts';
import {
  ConsortiumParams,
  DecisionSchema,
  MatchRequestSchema,
  MatchResultSchema,
  MergeSchema,
  PartnerRecordsSchema,
  ReviewCaseSchema,
  RunRequestSchema,
  RunResultSchema,
  UnmergeSchema,
} from './schemas.ts';
import * as harmonization from './service.ts';
import type { Consortium, PartnerRecordSource } from './tables.ts';

const tags = ['Harmonization'];
const officers: Role[] = ['OFFICER', 'SUPERVISOR'];
const readers: Role[] = ['OFFICER', 'SUPERVISOR', 'AUDITOR'];
const Page = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const RecordParams = Type.Object({ partnerRecordId: Type.String({ format: 'uuid' }) });
const List = Type.Object({
  items: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  nextCursor: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

interface RecordBody {
  sourceType: PartnerRecordSource;
  partnerCode?: string;
  sourceReference: string;
  nik?: string | null;
  fullName?: string | null;
  birthDate?: string | null;
  sex?: 'F' | 'M' | null;
  passportNumber?: string | null;
  phone?: string | null;
  destinationCountry?: string | null;
  birthRegion?: string | null;
}

export function harmonizationRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    app.post(
      '/api/v1/harmonization/partner-records',
      {
        config: { auth: officers },
        schema: {
          tags,
          summary: 'Stage partner records for linkage',
          description:
            'Records of people from any partner source, in one shape. Only the shape is checked: missing NIKs and misspelled names are what linkage is for. A record already staged (same source, partner and reference) is skipped.',
          body: PartnerRecordsSchema,
          response: {
            201: json(Type.Object({ staged: Type.Integer(), alreadyStaged: Type.Integer() }), 'Staged'),
            ...problemResponses(400, 401, 403, 422),
          },
        },
      },
      async (request, reply) => {
        const { records } = request.body as { records: RecordBody[] };
        const codes = [...new Set(records.map((r) => r.partnerCode).filter((c): c is string => c !== undefined))];
        const partners = new Map<string, string>();
        const issues = [];
        for (const code of codes) {
          const partner = await findPartnerByCode(ctx, code);
          if (partner) partners.set(code, partner.id);
          else
            issues.push(issue('/records', 'UNKNOWN_PARTNER', `No partner has the code ${code}.`, `Tidak ada mitra dengan kode ${code}.`));
        }
        if (issues.length > 0) throw invalidInput(issues);
        const { staged, alreadyStaged } = await harmonization.stagePartnerRecords(
          ctx,
          records.map(({ partnerCode, ...r }) => ({ ...r, partnerId: partnerCode ? partners.get(partnerCode) : null })),
        );
        return reply.code(201).send({ staged, alreadyStaged });
      },
    );

    app.post(
      '/api/v1/harmonization/runs',
      {
        config: { auth: officers },
        schema: {
          tags,
          summary: 'Run linkage',
          description:
            'PARTNER_RECORDS links the staged partner records not yet settled to the register (above the upper threshold a link, between the thresholds the review queue, below a new person); REGISTER_DUPLICATES finds pairs of persons in the register that may be one. A run interrupted halfway applies nothing and is resumed by the next call.',
          body: RunRequestSchema,
          response: { 200: json(RunResultSchema, 'The run'), ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request) => {
        const { kind } = request.body as { kind: 'PARTNER_RECORDS' | 'REGISTER_DUPLICATES' };
        const actor = actorOf(request.principal);
        return kind === 'PARTNER_RECORDS' ? harmonization.runPartnerLinkage(ctx, actor) : harmonization.runRegisterDuplicates(ctx, actor);
      },
    );

    app.get(
      '/api/v1/harmonization/runs/:runId/findings',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'A run’s conflicts and data-quality findings',
          params: Type.Object({ runId: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            kind: Type.Optional(Type.String({ maxLength: 64 })),
            cursor: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: { 200: json(List, 'Findings'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { runId } = request.params as { runId: string };
        return harmonization.runFindings(ctx, runId, request.query as { kind?: string; cursor?: number; limit?: number });
      },
    );

    app.post(
      '/api/v1/harmonization/models',
      {
        config: { auth: ['SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Estimate a new model version',
          description:
            'm by expectation–maximisation over the candidate pairs with every officer decision as a known answer, u from random pairs; stored with its version.',
          response: {
            201: json(Type.Object({ version: Type.Integer(), training: Type.Record(Type.String(), Type.Unknown()) }), 'Estimated'),
            ...problemResponses(401, 403),
          },
        },
      },
      async (request, reply) => {
        const { version, model } = await harmonization.estimateModel(ctx, actorOf(request.principal));
        return reply.code(201).send({ version, training: model.training });
      },
    );

    app.get(
      '/api/v1/harmonization/review-queue',
      {
        config: { auth: officers },
        schema: {
          tags,
          summary: 'Pairs waiting for an officer, strongest first',
          querystring: Page,
          response: { 200: json(List, 'The queue'), ...problemResponses(400, 401, 403, 422) },
        },
      },
      async (request) => harmonization.listReviewQueue(ctx, request.query as { cursor?: string; limit?: number }),
    );

    app.get(
      '/api/v1/harmonization/review-queue/:partnerRecordId',
      {
        config: { auth: officers },
        schema: {
          tags,
          summary: 'A pair side by side with each field’s level and weight',
          params: RecordParams,
          response: { 200: json(ReviewCaseSchema, 'The pair'), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        harmonization.showReviewCase(ctx, (request.params as { partnerRecordId: string }).partnerRecordId, {
          actor: actorOf(request.principal),
          requestId: request.id,
          at: ctx.clock.now(),
        }),
    );

    app.post(
      '/api/v1/harmonization/review-queue/:partnerRecordId/decision',
      {
        config: { auth: officers },
        schema: {
          tags,
          summary: 'Decide a pair: match or no match',
          description: 'The decision is kept as a label for the next estimation. An automatic link can be overturned the same way.',
          params: RecordParams,
          body: DecisionSchema,
          response: {
            200: json(Type.Object({ partnerRecordId: Type.String(), decision: Type.String() }), 'Decided'),
            ...problemResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) =>
        harmonization.decideReview(
          ctx,
          (request.params as { partnerRecordId: string }).partnerRecordId,
          (request.body as { match: boolean }).match,
          actorOf(request.principal),
        ),
    );

    app.post(
      '/api/v1/harmonization/match',
      {
        config: { auth: officers },
        schema: {
          tags,
          summary: 'Match one record against the register',
          description:
            'Scored with the stored model against the persons sharing its NIK or passport or born on a date it could mean; the best three candidates with each field’s weight.',
          body: MatchRequestSchema,
          response: { 200: json(MatchResultSchema, 'Candidates'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const b = request.body as Omit<RecordBody, 'sourceType' | 'sourceReference'>;
        const result = await harmonization.matchRecord(ctx, {
          nik: b.nik ?? null,
          name: b.fullName ?? null,
          sex: b.sex ?? null,
          birthDate: b.birthDate ?? null,
          passport: b.passportNumber ?? null,
          phone: b.phone ?? null,
          country: b.destinationCountry ?? null,
          region: b.birthRegion ?? null,
        });
        return { ...result, candidates: result.candidates.map(({ personId: _, ...c }) => c) };
      },
    );

    app.post(
      '/api/v1/harmonization/merges',
      {
        config: { auth: ['SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Merge two person identities',
          description:
            'Records that two members are one person. Nothing is moved or renumbered: both keep their membership numbers; audited and reversible.',
          body: MergeSchema,
          response: { 201: json(Type.Object({ mergeId: Type.String() }), 'Merged'), ...problemResponses(400, 401, 403, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await harmonization.mergePersons(ctx, request.body as never, actorOf(request.principal))),
    );

    app.post(
      '/api/v1/harmonization/merges/:mergeId/undo',
      {
        config: { auth: ['SUPERVISOR'] },
        schema: {
          tags,
          summary: 'Undo a merge',
          params: Type.Object({ mergeId: Type.String({ format: 'uuid' }) }),
          body: UnmergeSchema,
          response: { 204: { description: 'Undone', type: 'null' }, ...problemResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        await harmonization.unmergePersons(
          ctx,
          (request.params as { mergeId: string }).mergeId,
          (request.body as { reason: string }).reason,
          actorOf(request.principal),
        );
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/harmonization/duplicates',
      {
        config: { auth: ['SUPERVISOR', 'AUDITOR'] },
        schema: {
          tags,
          summary: 'Pairs of members that may be one person (from REGISTER_DUPLICATES runs), strongest first',
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
          response: { 200: json(List, 'Open pairs'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => harmonization.listDuplicatePairs(ctx, request.query as { limit?: number }),
    );

    app.get(
      '/api/v1/harmonization/leads',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'Partner-reported PMI without protection, by country and partner',
          querystring: Type.Object({
            country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
            partnerCode: Type.Optional(Type.String({ maxLength: 64 })),
          }),
          response: { 200: json(List, 'Leads for outreach'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => harmonization.unprotectedLeads(ctx, request.query as { country?: string; partnerCode?: string }),
    );

    app.post(
      '/api/v1/harmonization/legacy-policies/:consortium',
      {
        config: { auth: officers },
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Import a former consortium’s policy file in its own layout',
          description:
            'JASINDO: `;`-separated NO_POLIS;NAMA_TERTANGGUNG;NO_KTP;TGL_LAHIR (DD/MM/YYYY);JENIS_KELAMIN (L/P);NO_PASPOR;NEGARA_TUJUAN;TGL_MULAI;TGL_AKHIR. ASTINDO: `,`-separated policy_no,insured_name,id_number,date_of_birth (YYYYMMDD),gender,passport_no,country_code,start_date,end_date. MITRA_TKI: `|`-separated NOMOR|NAMA|NIK|TTL ("place, DD-MM-YYYY")|JK (LK/PR)|PASPOR|TUJUAN|MASA_PERTANGGUNGAN ("DD-MM-YYYY s/d DD-MM-YYYY"). Every row is checked first; nothing is stored when one is wrong. The policies are linked to persons by the next PARTNER_RECORDS run.',
          params: ConsortiumParams,
          consumes: ['text/csv'],
          body: Type.String({
            examples: [
              'policy_no,insured_name,id_number,date_of_birth,gender,passport_no,country_code,start_date,end_date\nAST-2016-000123,Siti Aminah,3201014501900001,19900105,F,A1234567,MY,2016-03-01,2018-02-28\n',
            ],
          }),
          response: {
            201: json(
              Type.Object({
                consortium: Type.String(),
                policies: Type.Integer(),
                imported: Type.Integer(),
                alreadyImported: Type.Integer(),
              }),
              'Imported',
            ),
            ...problemResponses(400, 401, 403, 413, 422),
          },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await harmonization.importLegacyPolicies(
              ctx,
              (request.params as { consortium: Consortium }).consortium,
              String(request.body ?? ''),
              actorOf(request.principal),
            ),
          ),
    );

    app.get(
      '/api/v1/harmonization/legacy-policies/running',
      {
        config: { auth: readers },
        schema: {
          tags,
          summary: 'Legacy protection still running, carried over to linked members',
          querystring: Type.Object({ date: Type.Optional(Type.String({ format: 'date' })) }),
          response: { 200: json(List, 'Running legacy policies'), ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const date = (request.query as { date?: string }).date ?? ctx.clock.today();
        return harmonization.runningLegacyProtection(ctx, date);
      },
    );
  };
}
