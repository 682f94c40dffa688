import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addPartnerKey, createPartner, recordAgreement } from '../partners/service.ts';
import { passportNumber } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { exchangeCommand, importCommand, partnerCommand } from './cli.ts';
import { fileColumnsOf } from './file-columns.ts';

let t: TestApp;
let baseUrl: string;
let dir: string;

before(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}`;
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lindung-exchange-'));
  await createPartner(t.ctx, { code: 'CLI-IMIGRASI', name: 'Immigration (CLI test)', type: 'IMMIGRATION', country: 'ID' });
  await recordAgreement(t.ctx, 'CLI-IMIGRASI', {
    kind: 'COOPERATION_AGREEMENT',
    reference: 'PKS/CLI/1',
    signedOn: t.ctx.clock.today(),
    scope: 'Crossings',
    permissions: [{ documentType: 'DEPARTURE', direction: 'SEND', fields: ['passport', 'nik', 'crossedOn', 'country', 'borderPost'] }],
  });
});
after(async () => {
  await t.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Runs a command with its standard output collected. */
async function captured(run: (write: (text: string) => void) => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run((text) => {
    out += text;
  });
  return { code, out };
}

describe('the reference partner client', () => {
  it('makes a key, signs a document with it and sends it to the gateway, which accepts it', async () => {
    const keyFile = path.join(dir, 'imigrasi.jwk.json');
    const keygen = await captured((write) => partnerCommand(['keygen', '--kid', 'cli-imigrasi-1', '--out', keyFile], { write }));
    assert.equal(keygen.code, 0);
    const publicJwk = JSON.parse(keygen.out);
    assert.equal('d' in publicJwk, false);
    await addPartnerKey(t.ctx, 'CLI-IMIGRASI', { publicJwk });
    const documentFile = path.join(dir, 'departure.json');
    await fs.writeFile(
      documentFile,
      JSON.stringify({ passport: { number: passportNumber(), issuingCountry: 'ID' }, crossedOn: t.ctx.clock.today(), country: 'QA' }),
    );
    const sent = await captured((write) =>
      partnerCommand(['send', '--url', baseUrl, '--key', keyFile, '--type', 'DEPARTURE', '--sender', 'CLI-IMIGRASI', documentFile], {
        write,
      }),
    );
    assert.equal(sent.code, 0, sent.out);
    assert.equal(JSON.parse(sent.out).outcome, 'ACCEPTED');
  });

  it('signs to standard output a JWS that can be sent on its own', async () => {
    const keyFile = path.join(dir, 'imigrasi.jwk.json');
    const signed = await captured((write) =>
      partnerCommand(['sign', '--key', keyFile, '--type', 'DEPARTURE', '--sender', 'CLI-IMIGRASI'], {
        write,
        stdin: async () =>
          JSON.stringify({ passport: { number: passportNumber(), issuingCountry: 'ID' }, crossedOn: t.ctx.clock.today(), country: 'OM' }),
      }),
    );
    assert.equal(signed.out.trim().split('.').length, 3);
    const sent = await captured((write) => partnerCommand(['send', '--url', baseUrl], { write, stdin: async () => signed.out }));
    assert.equal(sent.code, 0, sent.out);
  });
});

describe('lindung import and lindung exchange verify-log', () => {
  it('imports a file from the command line and reports its rows', async () => {
    const file = path.join(dir, 'departures.csv');
    await fs.writeFile(
      file,
      `${fileColumnsOf('DEPARTURE').join(',')}\n${passportNumber()},ID,,2026-03-01,KW,CGK\n${passportNumber()},ID,,not-a-date,KW,CGK\n`,
    );
    const rejected = path.join(dir, 'rejected.csv');
    const result = await captured((write) =>
      importCommand(t.ctx, ['--partner', 'CLI-IMIGRASI', '--type', 'DEPARTURE', '--rejected-report', rejected, file], write),
    );
    assert.equal(result.code, 3);
    assert.match(result.out, /2 rows: 1 accepted, 1 rejected/);
    assert.match(await fs.readFile(rejected, 'utf8'), /^row,column,code,message\n2,crossed_on,/);
  });

  it('confirms an intact log and finds a tampered one', async () => {
    assert.equal((await captured((write) => exchangeCommand(t.ctx, ['verify-log'], write))).code, 0);
    // Tampering needs the append-only trigger out of the way, as an attacker with database rights would do.
    await t.ctx.db.transaction().execute(async (trx) => {
      const { sql } = await import('kysely');
      await sql`alter table exchange_log disable trigger exchange_log_append_only`.execute(trx);
      await sql`update exchange_log set outcome = 'TAMPERED' where seq = (select min(seq) + 1 from exchange_log)`.execute(trx);
      await sql`alter table exchange_log enable trigger exchange_log_append_only`.execute(trx);
    });
    const broken = await captured((write) => exchangeCommand(t.ctx, ['verify-log'], write));
    assert.equal(broken.code, 1);
    assert.match(broken.out, /BROKEN at entry 2/);
  });
});
