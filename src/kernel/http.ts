import { type TSchema, Type } from '@sinclair/typebox';
import { ProblemSchema } from './problem.ts';

const problemDescriptions: Record<number, string> = {
  400: 'The request is malformed or does not follow the schema.',
  401: 'No valid session, token or signature.',
  403: 'The principal’s role may not do this.',
  404: 'Not found, or not visible to this principal.',
  409: 'Conflicts with the current state (e.g. a duplicate registration).',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'Follows the schema but breaks a domain rule; every field issue is listed.',
  429: 'Too many attempts.',
};

/** OpenAPI responses for the problem documents a route may answer with. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemDescriptions[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: Type.Ref(ProblemSchema) } },
      },
    ]),
  );
}

export function json<T>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A string enumeration as a plain JSON Schema `enum` (clear validation errors, clean OpenAPI). */
export function stringEnum<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

/** The query fields of a list paged by an opaque cursor (the `nextCursor` of the page before). */
export function pageQuery(maxLimit: number) {
  return {
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The nextCursor of the page before.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit })),
  };
}

/** A page of a cursor-paged list: its items, and the cursor of the next page (null on the last). */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}
