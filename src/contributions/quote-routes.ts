import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { json, problemResponses } from '../kernel/http.ts';
import { toDomainError } from '../kernel/problem.ts';
import {
  type QuoteRequest,
  QuoteRequestSchema,
  QuoteSchema,
  quoteRequestBranches,
  RegulationListQuery,
  RegulationListSchema,
} from './quote-schemas.ts';
import { listRegulations, regulationsInForce } from './regulations.ts';
import { quote } from './tariffs.ts';

const tags = ['Contributions'];

/**
 * The contribution simulator and the regulation table, both public. They call the pure
 * engine directly: a quote reads no database and writes nothing.
 *
 * Texts (descriptions, bases, notes) come in English and Indonesian together rather than
 * in the language of Accept-Language: a quote is a document a desk officer may hand over
 * in either language, and a bill keeps its lines in both. Problems follow Accept-Language
 * as everywhere else.
 */
export function quoteRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/quotes',
      {
        config: { auth: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        // Schema problems are sorted out in the handler: see `schemaProblem`.
        attachValidation: true,
        schema: {
          tags,
          summary: 'Quote a contribution (simulator)',
          description: [
            'Computes what a worker (or employer, or government program) pays, line by line, under the regulation in force on `date`.',
            'Every line names its program, how it was computed (in English and Indonesian), its source and the status of its figures: CONFIRMED, SECONDARY (press or branch office) or UNCONFIRMED (recalled, assumed, or Lindung’s interpretation). `unconfirmed` is true when any line is UNCONFIRMED; `notes` explain interpretations, caps and roundings.',
            'PMI: a contract length without its own tier is priced as the longest tier not longer than the contract plus the per-month amount for each further month, never more than the next longer tier (flagged UNCONFIRMED).',
            'Rates are rounded half up to the whole rupiah per line and month (for wage earners, per share), then multiplied by the months.',
          ].join('\n\n'),
          body: QuoteRequestSchema,
          response: { 200: json(QuoteSchema, 'The quote'), ...problemResponses(400, 413, 415, 422, 429) },
        },
      },
      async (request) => {
        if (request.validationError) throw schemaProblem(request.validationError, request.body);
        const body = request.body as QuoteRequest;
        return quote({ ...body, date: body.date ?? ctx.clock.today() });
      },
    );

    app.get(
      '/api/v1/regulations',
      {
        config: { auth: 'public' },
        schema: {
          tags,
          summary: 'The contribution regulations and which are in force',
          description:
            'Every regulation Lindung computes contributions from, with its effective date, source and figures, each with its status and source. `inForce` names the regulation of each segment in force on `on` (default today).',
          querystring: RegulationListQuery,
          response: { 200: json(RegulationListSchema, 'The regulation table'), ...problemResponses(400) },
        },
      },
      async (request) => {
        const { on } = request.query as { on?: string };
        const date = on ?? ctx.clock.today();
        return { date, inForce: regulationsInForce(date).map((r) => r.id), items: listRegulations(), nextCursor: null };
      },
    );
  };
}

interface SchemaViolation {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * The body is an `anyOf` of one schema per segment, so the validator reports the
 * complaints of every branch: a BPU body also "lacks" the PMI fields. Only the branch
 * the body names in `segment` speaks for it; without a known segment, that is the problem.
 */
function schemaProblem(error: Error & { validation?: SchemaViolation[] }, body: unknown): Error {
  const violations = error.validation ?? [];
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const branch = (quoteRequestBranches as readonly unknown[]).indexOf(fields?.segment);
  let relevant: SchemaViolation[];
  if (branch >= 0) {
    relevant = violations.filter((v) => v.schemaPath.startsWith(`#/anyOf/${branch}/`));
  } else if (!fields) {
    relevant = violations.filter((v) => v.keyword === 'type' && v.instancePath === '').slice(0, 1);
  } else if (fields.segment === undefined) {
    relevant = [{ keyword: 'required', instancePath: '', schemaPath: '#', params: { missingProperty: 'segment' } }];
  } else {
    relevant = [{ keyword: 'enum', instancePath: '/segment', schemaPath: '#', params: { allowedValues: [...quoteRequestBranches] } }];
  }
  const narrowed = Object.assign(new Error(error.message), {
    validation: relevant.length > 0 ? relevant : violations,
    validationContext: 'body',
  });
  return toDomainError(narrowed) ?? error;
}
