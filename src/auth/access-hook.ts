import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { type Principal, type RouteAuth, roleOf } from './rules.ts';
import { authenticate } from './service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the route is authenticated; every route must declare it. */
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export const sessionCookie = 'lindung_session';

/**
 * Refuses to start when a route declares no authentication, and on each request
 * resolves the principal and checks the route's roles before any handler runs.
 */
export function installAccessControl(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', undefined);

  app.addHook('onRoute', (route) => {
    // The browsable docs are public by nature.
    if (route.url.startsWith('/docs')) {
      route.config = { ...route.config, auth: 'public' };
      return;
    }
    if (route.config?.auth === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare its authentication (config.auth).`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config.auth;
    // Unmatched URLs (no route) have no declaration and get the 404 problem.
    if (auth === undefined || auth === 'public' || auth === 'hmac' || auth === 'jws') return;
    const token = tokenOf(request);
    if (!token) {
      throw new DomainError('unauthenticated', 'AUTHENTICATION_REQUIRED', {
        en: 'Sign in first: send a bearer token or the session cookie.',
        id: 'Masuk terlebih dahulu: kirim token bearer atau cookie sesi.',
      });
    }
    const principal = await authenticate(ctx, token);
    if (!principal) {
      throw new DomainError('unauthenticated', 'SESSION_INVALID', {
        en: 'The session has expired or is not valid; sign in again.',
        id: 'Sesi sudah berakhir atau tidak valid; silakan masuk kembali.',
      });
    }
    if (!auth.includes(roleOf(principal))) {
      throw new DomainError('forbidden', 'ROLE_NOT_ALLOWED', {
        en: `The role ${roleOf(principal)} may not do this.`,
        id: `Peran ${roleOf(principal)} tidak diizinkan melakukan ini.`,
      });
    }
    request.principal = principal;
  });
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  return request.cookies?.[sessionCookie];
}
