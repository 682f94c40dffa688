import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../kernel/clock.ts';
import { expectProblem } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { QuoteRequestSchema } from './quote-schemas.ts';
import { listRegulations } from './regulations.ts';
import { type QuoteFacts, quote } from './tariffs.ts';

let t: TestApp;

before(async () => {
  // 2 March 2026, 10:00 in Jakarta.
  t = await createTestApp({ clock: fixedClock('2026-03-02T03:00:00Z') });
});

after(async () => {
  await t.close();
});

function postQuote(body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: body as object, headers });
}

/** The engine's own answer, as it travels in JSON. */
function engine(facts: QuoteFacts) {
  return JSON.parse(JSON.stringify(quote(facts)));
}

describe('POST /api/v1/quotes', () => {
  it('quotes a PMI placed through an executor without signing in, line by line with the regulation named', async () => {
    const facts = { segment: 'PMI', date: '2026-03-02', item: 'FULL', placementRoute: 'PLACEMENT_EXECUTOR', contractMonths: 24 } as const;
    const response = await postQuote(facts);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.regulation.id, 'PERMENAKER-4-2023');
    assert.equal(body.total, 370_000);
    assert.deepEqual(
      body.lines.map((l: { code: string; dueStage: string; status: string }) => [l.code, l.dueStage, l.status]),
      [
        ['PMI_BEFORE_PLACEMENT_FEE', 'AFTER_PLACEMENT_AGREEMENT', 'CONFIRMED'],
        ['PMI_PLACEMENT_FEE', 'BEFORE_DEPARTURE', 'CONFIRMED'],
      ],
    );
    assert.deepEqual(body, engine(facts));
  });

  it('quotes an informal worker paid for by a government program, with the unconfirmed flag', async () => {
    const facts = {
      segment: 'BPU',
      date: '2026-03-02',
      declaredMonthlyIncome: 3_700_000,
      months: 3,
      programs: ['JKK', 'JKM', 'JHT'],
      payer: 'GOVERNMENT_PROGRAM',
    } as const;
    const response = await postQuote(facts);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.payer, 'GOVERNMENT_PROGRAM');
    assert.equal(body.unconfirmed, true);
    assert.equal(body.total, (35_000 + 6_800 + 70_000) * 3);
    assert.deepEqual(body, engine(facts));
  });

  it('quotes a wage earner with the employer’s and the worker’s shares', async () => {
    const facts = {
      segment: 'PU',
      date: '2026-03-02',
      monthlyWage: 12_000_000,
      riskClass: 3,
      months: 1,
      programs: ['JHT', 'JP', 'JKP'],
    } as const;
    const response = await postQuote(facts);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.lines.find((l: { code: string }) => l.code === 'PU_JHT').shares, { employer: 444_000, worker: 240_000 });
    assert.deepEqual(body, engine(facts));
  });

  it('quotes for today when no date is given', async () => {
    const response = await postQuote({ segment: 'PMI', item: 'EXTENSION', placementRoute: 'INDIVIDUAL', extensionMonths: 2 });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().date, '2026-03-02');
    assert.equal(response.json().total, 27_000);
  });

  it('answers every example of its request schema', async () => {
    for (const example of QuoteRequestSchema.examples as object[]) {
      const response = await postQuote(example);
      assert.equal(response.statusCode, 200, `${JSON.stringify(example)}: ${response.body}`);
    }
  });

  it('reports a schema problem of the segment named, and nothing from the other segments', async () => {
    const response = await postQuote({ segment: 'BPU', declaredMonthlyIncome: 3_000_000, months: 0, programs: ['JKK', 'JKM'] });
    const problem = expectProblem(response, {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/months', code: 'OUT_OF_RANGE' },
    });
    assert.deepEqual(
      problem.errors.map((e: { pointer: string }) => e.pointer),
      ['/months'],
    );
  });

  it('reports an unknown field of the segment named', async () => {
    const response = await postQuote({ segment: 'PU', monthlyWage: 5_000_000, riskClass: 1, months: 1, programs: ['JKK'], item: 'FULL' });
    const problem = expectProblem(response, { status: 400, code: 'VALIDATION_FAILED', issue: { pointer: '/item', code: 'UNKNOWN_FIELD' } });
    assert.equal(problem.errors.length, 1);
  });

  it('reports a missing segment', async () => {
    const problem = expectProblem(await postQuote({ months: 1 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/segment', code: 'FIELD_REQUIRED' },
    });
    assert.equal(problem.errors.length, 1);
  });

  it('reports an unknown segment with the segments it knows', async () => {
    const problem = expectProblem(await postQuote({ segment: 'TKA', months: 1 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/segment', code: 'VALUE_NOT_ALLOWED' },
    });
    assert.match(problem.errors[0].message, /PMI, BPU, PU/);
  });

  it('reports a body that is not an object', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      payload: '[1]',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, { status: 400, code: 'VALIDATION_FAILED', issue: { pointer: '', code: 'WRONG_TYPE' } });
  });

  it('answers 422 at the field for a JHT amount outside the regulation’s table', async () => {
    const response = await postQuote({
      segment: 'PMI',
      item: 'PLACEMENT',
      placementRoute: 'INDIVIDUAL',
      contractMonths: 24,
      jhtMonthlyAmount: 75_000,
      jhtMonths: 12,
    });
    expectProblem(response, {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/jhtMonthlyAmount', code: 'JHT_AMOUNT_NOT_IN_TABLE' },
    });
  });

  it('answers 422 at the field for a risk class the table does not have', async () => {
    const response = await postQuote({ segment: 'PU', monthlyWage: 5_000_000, riskClass: 7, months: 1, programs: ['JKK'] });
    expectProblem(response, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/riskClass', code: 'UNKNOWN_RISK_CLASS' } });
  });

  it('answers 422 when BPU leaves out a compulsory program', async () => {
    const response = await postQuote({ segment: 'BPU', declaredMonthlyIncome: 2_000_000, months: 1, programs: ['JHT'] });
    expectProblem(response, { status: 422, code: 'VALIDATION_FAILED', issue: { pointer: '/programs', code: 'PROGRAM_REQUIRED' } });
  });

  it('answers NO_REGULATION_IN_FORCE for a date before the first regulation, in English when asked', async () => {
    const response = await postQuote(
      { segment: 'PMI', date: '2018-12-09', item: 'FULL', placementRoute: 'INDIVIDUAL' },
      { 'accept-language': 'en' },
    );
    const problem = expectProblem(response, { status: 422, code: 'NO_REGULATION_IN_FORCE' });
    assert.match(problem.title, /^No PMI contribution regulation was in force on 2018-12-09/);
    assert.equal(problem.earliestEffectiveFrom, '2018-12-10');
  });

  it('answers TARIFF_NOT_IN_REGULATION, in Indonesian by default, for an extension under 18/2018', async () => {
    const response = await postQuote({
      segment: 'PMI',
      date: '2022-06-01',
      item: 'EXTENSION',
      placementRoute: 'INDIVIDUAL',
      extensionMonths: 3,
    });
    const problem = expectProblem(response, { status: 422, code: 'TARIFF_NOT_IN_REGULATION' });
    assert.match(problem.title, /Permenaker 18\/2018.*tidak menetapkan iuran bulanan untuk perpanjangan/);
    assert.equal(problem.regulationId, 'PERMENAKER-18-2018');
  });
});

describe('GET /api/v1/regulations', () => {
  it('lists the whole table, as the engine holds it, without signing in', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/regulations' });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.items, JSON.parse(JSON.stringify(listRegulations())));
    assert.equal(body.nextCursor, null);
  });

  it('names the regulations in force today', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/v1/regulations' })).json();
    assert.equal(body.date, '2026-03-02');
    assert.deepEqual(body.inForce, ['PERMENAKER-4-2023', 'PP-44-2015-BPU', 'PU-MEMORY']);
  });

  it('names the regulations in force on another day', async () => {
    const body = (await t.app.inject({ method: 'GET', url: '/api/v1/regulations?on=2023-02-21' })).json();
    assert.deepEqual(body.inForce, ['PERMENAKER-18-2018', 'PP-44-2015-BPU']);
  });

  it('refuses a day that is not a date', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/regulations?on=yesterday' });
    expectProblem(response, { status: 400, code: 'VALIDATION_FAILED', issue: { pointer: '/querystring/on', code: 'INVALID_FORMAT' } });
  });
});
