import i18next from 'i18next';
import { apiLanguage } from './i18n.ts';

export interface FieldProblem {
  pointer: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem answered by the API. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldProblem[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.title === 'string' ? body.title : `HTTP ${status}`);
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status === 0 ? 'NETWORK' : `HTTP_${status}`;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [];
    this.body = body;
  }
}

/** Listeners told when the server says the session is gone (expired, revoked). */
const sessionListeners = new Set<() => void>();
export function onSessionLost(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}
function sessionLost(): void {
  for (const listener of sessionListeners) listener();
}

/** Who is signed in, or null; a session that ended (expired, signed out elsewhere) is announced. */
export async function currentPrincipal(): Promise<Principal | null> {
  const session = await api<{ principal: Principal | null; sessionEnded: boolean }>('/api/v1/auth/session');
  if (session.sessionEnded) sessionLost();
  return session.principal;
}

/**
 * Calls the API with the session cookie. JSON in and out; a problem document becomes an
 * ApiError; a dropped connection an ApiError with code NETWORK.
 */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; raw?: BodyInit; contentType?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': apiLanguage(i18next.language) };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    // A multipart body sets its own content type, with its boundary.
    if (!(options.raw instanceof FormData)) headers['content-type'] = options.contentType ?? 'text/plain';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { code: 'NETWORK' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { title: text };
  }
  if (!response.ok) {
    const error = new ApiError(response.status, (parsed ?? {}) as Record<string, unknown>);
    if (error.code === 'SESSION_INVALID') sessionLost();
    throw error;
  }
  return parsed as T;
}

/**
 * The message to show for a problem, in the reader's language: our translation of its
 * code when we have one, else the API's own message (Indonesian or English).
 */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (i18next.exists(key)) return i18next.t(key);
    return error.message;
  }
  return i18next.t('errors.UNKNOWN');
}

/** A field problem's message: translated by its code when we can, else the API's text. */
export function fieldMessage(problem: FieldProblem): string {
  const key = `errors.${problem.code}`;
  return i18next.exists(key) ? i18next.t(key) : problem.message;
}

export interface Principal {
  kind: 'staff' | 'member';
  role?: string;
  userId?: string;
  username?: string;
  partnerId?: string | null;
  membershipNumber?: string;
}
