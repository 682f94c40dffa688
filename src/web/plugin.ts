import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build` writes the web app. */
export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

// Paths that belong to the API and its documents: an unknown one stays a 404 problem.
const apiPrefixes = ['/api/', '/docs', '/.well-known/', '/openapi.json', '/health'];

export function isApiPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname === '/api' || apiPrefixes.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Serves the built web app: its files as they are (pre-compressed when the browser takes
 * brotli or gzip), and index.html for any other GET that is not an API path, so that the
 * app's own routes (/officer, /verify …) load on a refresh. Registered last. Without a
 * build, every path stays the API's 404 problem.
 */
export function webRoutes(options: { root?: string } = {}) {
  const root = options.root ?? defaultWebRoot;
  return async (app: FastifyInstance) => {
    if (!existsSync(path.join(root, 'index.html'))) return;
    await app.register(fastifyStatic, {
      root,
      serve: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (response, filePath) => {
        const relative = path.relative(root, filePath);
        // Hashed file names never change content; everything else is checked each time.
        response.setHeader('cache-control', relative.startsWith('assets') ? 'public, max-age=31536000, immutable' : 'no-cache');
        response.setHeader('x-content-type-options', 'nosniff');
      },
    });
    app.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
      if (isApiPath(request.url)) return reply.callNotFound();
      const pathname = decodeURIComponent((request.url.split('?')[0] ?? '/').replace(/^\/+/, ''));
      const file = path.resolve(root, pathname);
      if (pathname !== '' && file.startsWith(root + path.sep) && isFile(file)) return reply.sendFile(pathname);
      // A missing file with an extension (an old asset) is a 404, not the app.
      if (/\.[a-z0-9]{1,8}$/i.test(pathname)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
