import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { isApiPath, webRoutes } from './plugin.ts';

let root: string;
let app: FastifyInstance;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lindung-web-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Lindung</title>');
  await writeFile(path.join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
  app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ code: 'ROUTE_NOT_FOUND' }));
  await app.register(webRoutes({ root }));
  await app.ready();
});
after(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('serves the app for its own paths, so a refresh keeps the page', async () => {
    for (const url of ['/', '/officer/members/10000000016', '/verify']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, /<title>Lindung<\/title>/);
      assert.equal(response.headers['cache-control'], 'no-cache');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  it('leaves unknown API paths and missing files to the 404 problem', async () => {
    for (const url of ['/api/v1/nothing', '/api', '/assets/gone-123.js', '/.well-known/nothing']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.deepEqual(response.json(), { code: 'ROUTE_NOT_FOUND' });
    }
  });

  it('does not serve files outside its folder', async () => {
    const response = await app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' });
    assert.notEqual(response.body.includes('root:'), true);
  });

  it('tells API paths from the app’s', () => {
    assert.equal(isApiPath('/api/v1/members?x=1'), true);
    assert.equal(isApiPath('/apiary'), false);
    assert.equal(isApiPath('/dashboard'), false);
  });
});
