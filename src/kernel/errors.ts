/**
 * One error type with a fixed list of kinds. Every module throws `DomainError`;
 * `app.ts` maps the kind to an HTTP status in one place (`statusOfKind`).
 */

/** A text in the two languages every message is written in. */
export interface Localized {
  en: string;
  id: string;
}

/** One problem with one field of the input, addressed by a JSON Pointer (RFC 6901). */
export interface FieldIssue {
  pointer: string;
  code: string;
  message: Localized;
}

export type ErrorKind =
  | 'malformed' // the request cannot be read or does not follow the schema
  | 'invalid' // it follows the schema but breaks a domain rule
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable';

export const statusOfKind: Record<ErrorKind, number> = {
  malformed: 400,
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

export class DomainError extends Error {
  readonly kind: ErrorKind;
  /** Stable, documented, SCREAMING_SNAKE code, e.g. `DUPLICATE_REGISTRATION`. */
  readonly code: string;
  readonly title: Localized;
  readonly issues: FieldIssue[];
  /** Extra members of the problem document (e.g. `membershipNumber` of a duplicate). */
  readonly extensions: Record<string, unknown>;

  constructor(
    kind: ErrorKind,
    code: string,
    title: Localized,
    options: { issues?: FieldIssue[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(title.en);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.title = title;
    this.issues = options.issues ?? [];
    this.extensions = options.extensions ?? {};
  }
}

/** The input broke one or more domain rules: 422 with every issue listed. */
export function invalidInput(issues: FieldIssue[]): DomainError {
  return new DomainError(
    'invalid',
    'VALIDATION_FAILED',
    {
      en: 'The request has invalid fields.',
      id: 'Permintaan memiliki isian yang tidak valid.',
    },
    { issues },
  );
}

export function notFound(code: string, title: Localized): DomainError {
  return new DomainError('not_found', code, title);
}

export function issue(pointer: string, code: string, en: string, id: string): FieldIssue {
  return { pointer, code, message: { en, id } };
}
