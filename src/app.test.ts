import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expectProblem } from './testing/fixtures.ts';
import { createTestApp, type TestApp } from './testing/harness.ts';

// ajv and ajv-formats are CommonJS; their classes are also exported as `default`.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** Routes anyone may call; every other documented operation must declare its security. */
const publicOperations = new Set([
  'get /health',
  'get /.well-known/jwks.json',
  'post /api/v1/auth/login',
  'get /api/v1/auth/session',
  'post /api/v1/auth/member/code',
  'post /api/v1/auth/member/verify',
  'post /api/v1/quotes',
  'get /api/v1/regulations',
  'post /api/v1/claims/simulate',
  'get /api/v1/claims/regulations',
  'get /api/v1/exchange/catalogue',
  'post /api/v1/self-service/phone-codes',
  'post /api/v1/self-service/phone-confirmations',
  'post /api/v1/self-service/registrations',
  'post /api/v1/cards/verification',
]);

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  security?: Array<Record<string, string[]>>;
  requestBody?: { content?: Record<string, { schema?: object; example?: unknown; examples?: Record<string, { value?: unknown }> }> };
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Partial<Record<(typeof methods)[number], Operation>>>;
  components?: { schemas?: Record<string, object> };
}

let t: TestApp;
let document: OpenApiDocument;

before(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(response.statusCode, 200, response.body);
  document = response.json();
});

after(async () => {
  await t.close();
});

function operations(): Array<{ key: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ key: `${method} ${path}`, operation }] : [];
    }),
  );
}

describe('system routes', () => {
  it('answers GET /health with status ok', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  it('publishes one Ed25519 public key and no private part at /.well-known/jwks.json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    assert.equal(response.statusCode, 200, response.body);
    const { keys } = response.json();
    assert.equal(keys.length, 1);
    assert.equal(keys[0].kty, 'OKP');
    assert.equal(keys[0].crv, 'Ed25519');
    assert.equal(typeof keys[0].x, 'string');
    assert.equal('d' in keys[0], false);
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    const problem = expectProblem(response, { status: 404, code: 'ROUTE_NOT_FOUND' });
    assert.equal(problem.instance, '/api/v1/nothing-here');
  });

  it('answers an unknown route in English when asked', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/nowhere', headers: { 'accept-language': 'en' } });
    const problem = expectProblem(response, { status: 404, code: 'ROUTE_NOT_FOUND' });
    assert.equal(problem.title, 'No route DELETE /nowhere.');
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1', () => {
    assert.match(document.openapi, /^3\.1\.\d+$/);
  });

  it('lints without errors under the recommended rules', async (context) => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    const describe = (p: (typeof problems)[number]) =>
      `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`;
    for (const warning of problems.filter((p) => p.severity === 'warn')) context.diagnostic(describe(warning));
    const errors = problems.filter((p) => p.severity === 'error');
    assert.deepEqual(errors.map(describe), []);
  });

  it('gives an example for every request body', () => {
    const missing = operations()
      .filter(({ operation }) => operation.requestBody)
      .filter(({ operation }) => {
        const media = Object.values(operation.requestBody?.content ?? {})[0];
        const schemaExamples = (media?.schema as { examples?: unknown[] } | undefined)?.examples;
        return media?.example === undefined && media?.examples === undefined && !schemaExamples?.length;
      })
      .map(({ key }) => key);
    assert.deepEqual(missing, []);
  });

  it('has request-body examples that follow their own schemas', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const failures: string[] = [];
    for (const { key, operation } of operations()) {
      const media = Object.values(operation.requestBody?.content ?? {})[0];
      if (!media?.schema) continue;
      const examples = [
        ...(media.example === undefined ? [] : [media.example]),
        ...Object.values(media.examples ?? {}).map((e) => e.value),
        ...((media.schema as { examples?: unknown[] }).examples ?? []),
      ];
      // Refs point into the document's components: validate inside a root that holds them.
      const validate = ajv.compile({ ...media.schema, components: document.components ?? {} });
      for (const example of examples) {
        if (!validate(example)) failures.push(`${key}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('declares security on every operation except the public ones', () => {
    const undeclared = operations()
      .filter(({ key }) => !publicOperations.has(key))
      .filter(({ operation }) => !operation.security || operation.security.length === 0)
      .map(({ key }) => key);
    assert.deepEqual(undeclared, []);
  });

  it('leaves the public operations open', () => {
    const documented = new Set(operations().map(({ key }) => key));
    for (const key of publicOperations) assert.ok(documented.has(key), `${key} is documented`);
    const closed = operations()
      .filter(({ key }) => publicOperations.has(key))
      .filter(({ operation }) => (operation.security ?? []).length > 0)
      .map(({ key }) => key);
    assert.deepEqual(closed, []);
  });

  it('lets an anonymous caller reach every public operation without a 401', async () => {
    for (const key of publicOperations) {
      const [method, path] = key.split(' ') as [string, string];
      const response = await t.app.inject({ method: method.toUpperCase() as 'GET', url: path, payload: method === 'get' ? undefined : {} });
      assert.notEqual(response.statusCode, 401, `${key}: ${response.body}`);
    }
  });

  it('refuses an anonymous caller on every secured operation with 401', async () => {
    for (const { key } of operations().filter(({ key }) => !publicOperations.has(key))) {
      const [method, path] = key.split(' ') as [string, string];
      const url = path.replace('{membershipNumber}', '10000000018');
      const response = await t.app.inject({ method: method.toUpperCase() as 'GET', url });
      assert.equal(response.statusCode, 401, `${key}: ${response.body}`);
    }
  });
});
