import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldIssue, statusOfKind } from './errors.ts';
import { messageLanguage } from './language.ts';

/** RFC 9457 problem document, as every error leaves the API. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'urn:lindung:problem:<code>' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable code, e.g. DUPLICATE_REGISTRATION.' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ description: 'JSON Pointer to the field (RFC 6901).' }),
          code: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, title: 'Problem' },
);
export type Problem = Static<typeof ProblemSchema>;

export const problemContentType = 'application/problem+json; charset=utf-8';

/** A stable URN per code: the `code` member carries the same name for clients. */
export function problemType(code: string): string {
  return `urn:lindung:problem:${code}`;
}

export function renderProblem(error: DomainError, request: FastifyRequest): Problem & Record<string, unknown> {
  const language = messageLanguage(request.headers['accept-language']);
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: error.title[language],
    status: statusOfKind[error.kind],
    code: error.code,
    instance: request.url.split('?')[0],
    ...(error.issues.length > 0
      ? { errors: error.issues.map((i) => ({ pointer: i.pointer, code: i.code, message: i.message[language] })) }
      : {}),
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: DomainError): FastifyReply {
  return reply.code(statusOfKind[error.kind]).type(problemContentType).send(renderProblem(error, request));
}

/** Translates whatever was thrown into a DomainError; unknown errors become 500 and are logged. */
export function toDomainError(error: FastifyError | Error): DomainError | undefined {
  if (error instanceof DomainError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new DomainError(
      'malformed',
      'VALIDATION_FAILED',
      { en: 'The request does not follow the schema.', id: 'Permintaan tidak sesuai dengan skema.' },
      { issues: fastifyError.validation.map((v) => schemaIssue(v, fastifyError.validationContext ?? 'body')) },
    );
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', 'BODY_TOO_LARGE', {
        en: 'The request body is too large.',
        id: 'Isi permintaan terlalu besar.',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', 'UNSUPPORTED_MEDIA_TYPE', {
        en: 'Send the body as application/json.',
        id: 'Kirim isi permintaan sebagai application/json.',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('malformed', 'MALFORMED_JSON', {
        en: 'The request body is not valid JSON.',
        id: 'Isi permintaan bukan JSON yang valid.',
      });
  }
  if (fastifyError instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new DomainError('malformed', 'MALFORMED_REQUEST', {
      en: `The request cannot be read: ${fastifyError.message}`,
      id: `Permintaan tidak dapat dibaca: ${fastifyError.message}`,
    });
  }
  if (fastifyError.statusCode === 429) {
    return new DomainError('rate_limited', 'RATE_LIMITED', {
      en: 'Too many requests; try again later.',
      id: 'Terlalu banyak permintaan; coba lagi nanti.',
    });
  }
  return undefined;
}

interface SchemaViolation {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

function schemaIssue(v: SchemaViolation, context: string): FieldIssue {
  const base = context === 'body' ? '' : `/${context}`;
  const at = `${base}${v.instancePath}`;
  switch (v.keyword) {
    case 'required': {
      const field = String(v.params.missingProperty);
      return {
        pointer: `${at}/${field}`,
        code: 'FIELD_REQUIRED',
        message: { en: `${field} is required.`, id: `${field} wajib diisi.` },
      };
    }
    case 'additionalProperties': {
      const field = String(v.params.additionalProperty);
      return {
        pointer: `${at}/${field}`,
        code: 'UNKNOWN_FIELD',
        message: { en: `${field} is not a known field.`, id: `${field} bukan isian yang dikenal.` },
      };
    }
    case 'format':
      return {
        pointer: at,
        code: 'INVALID_FORMAT',
        message: {
          en: `Must be a valid ${v.params.format}.`,
          id: `Harus berupa ${v.params.format} yang valid.`,
        },
      };
    case 'enum':
    case 'const':
    case 'anyOf':
      return {
        pointer: at,
        code: 'VALUE_NOT_ALLOWED',
        message: {
          en: `Not an allowed value${v.params.allowedValues ? `; use one of ${(v.params.allowedValues as unknown[]).join(', ')}` : ''}.`,
          id: `Nilai tidak diizinkan${v.params.allowedValues ? `; gunakan salah satu dari ${(v.params.allowedValues as unknown[]).join(', ')}` : ''}.`,
        },
      };
    case 'type':
      return {
        pointer: at,
        code: 'WRONG_TYPE',
        message: { en: `Must be of type ${v.params.type}.`, id: `Harus bertipe ${v.params.type}.` },
      };
    case 'pattern':
      return {
        pointer: at,
        code: 'INVALID_PATTERN',
        message: { en: `Does not match the pattern ${v.params.pattern}.`, id: `Tidak sesuai pola ${v.params.pattern}.` },
      };
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
      return {
        pointer: at,
        code: 'OUT_OF_RANGE',
        message: {
          en: `Out of range: ${v.message ?? v.keyword}.`,
          id: `Di luar batas: ${v.message ?? v.keyword}.`,
        },
      };
    default:
      return {
        pointer: at,
        code: 'INVALID_VALUE',
        message: { en: v.message ?? 'Invalid value.', id: `Nilai tidak valid (${v.message ?? v.keyword}).` },
      };
  }
}
