import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../kernel/clock.ts';
import { expectProblem } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { escapeXml, pain001, paymentCsv } from './payment-files.ts';
import { detectMediaType, maxDocumentBytes } from './rules.ts';
import { filedJhtClaim, type Headers, jpeg, multipart, pdf, png, signedInMember, upload } from './testing.ts';

let t: TestApp;
let officer: Headers;

before(async () => {
  t = await createTestApp({ clock: fixedClock('2026-03-20T03:00:00Z') });
  officer = await t.signIn('OFFICER');
});

after(async () => {
  await t.close();
});

async function blobCount(): Promise<number> {
  const row = await t.ctx.db
    .selectFrom('document_blobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('file types, by content', () => {
  it('recognises PDF, JPEG and PNG by their first bytes and nothing else', () => {
    assert.equal(detectMediaType(pdf()), 'application/pdf');
    assert.equal(detectMediaType(jpeg()), 'image/jpeg');
    assert.equal(detectMediaType(png()), 'image/png');
    assert.equal(detectMediaType(Buffer.from('GIF89a')), undefined);
    assert.equal(detectMediaType(Buffer.from('%PD')), undefined);
    assert.equal(detectMediaType(new Uint8Array()), undefined);
  });
});

describe('POST /api/v1/claims/{claimNumber}/documents', () => {
  it('stores a PDF, answers its hash, and serves it back to who may see the claim', async () => {
    const { claimNumber } = await filedJhtClaim(t, officer);
    const file = pdf();
    const response = await upload(t, officer, claimNumber, 'MEMBERSHIP_CARD', file);
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.mediaType, 'application/pdf');
    assert.equal(body.size, file.length);
    assert.match(body.sha256, /^[0-9a-f]{64}$/);
    const back = await t.app.inject({ url: `/api/v1/claims/${claimNumber}/documents/${body.sha256}`, headers: officer });
    assert.equal(back.statusCode, 200);
    assert.equal(back.headers['content-type'], 'application/pdf');
    assert.deepEqual(back.rawPayload, file);
    const claim = await t.app.inject({ url: `/api/v1/claims/${claimNumber}`, headers: officer });
    assert.deepEqual(
      claim
        .json()
        .checklist.filter((c: { provided: boolean }) => c.provided)
        .map((c: { item: string }) => c.item),
      ['MEMBERSHIP_CARD'],
    );
  });

  it('refuses a file whose content is not a PDF, JPEG or PNG, whatever its name', async () => {
    const { claimNumber } = await filedJhtClaim(t, officer);
    expectProblem(
      await upload(t, officer, claimNumber, 'MEMBERSHIP_CARD', Buffer.from('MZ this is an executable'), 'card.pdf', 'application/pdf'),
      {
        status: 415,
        code: 'UNSUPPORTED_DOCUMENT_TYPE',
      },
    );
  });

  it('refuses a file whose name or declared type says something else than its content', async () => {
    const { claimNumber } = await filedJhtClaim(t, officer);
    expectProblem(await upload(t, officer, claimNumber, 'MEMBERSHIP_CARD', png(), 'card.pdf', 'application/pdf'), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/file', code: 'DOCUMENT_TYPE_MISMATCH' },
    });
    expectProblem(await upload(t, officer, claimNumber, 'MEMBERSHIP_CARD', pdf(), 'card', 'image/jpeg'), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/file', code: 'DOCUMENT_TYPE_MISMATCH' },
    });
  });

  it('refuses a file above the size limit with 413', async () => {
    const { claimNumber } = await filedJhtClaim(t, officer);
    const big = Buffer.concat([pdf(), Buffer.alloc(maxDocumentBytes)]);
    expectProblem(await upload(t, officer, claimNumber, 'MEMBERSHIP_CARD', big), { status: 413, code: 'DOCUMENT_TOO_LARGE' });
  });

  it('refuses a document the claim type does not ask for, and a body that is not multipart', async () => {
    const { claimNumber } = await filedJhtClaim(t, officer);
    expectProblem(await upload(t, officer, claimNumber, 'DEATH_CERTIFICATE'), {
      status: 422,
      code: 'VALIDATION_FAILED',
      issue: { pointer: '/item', code: 'NOT_ON_CHECKLIST' },
    });
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/v1/claims/${claimNumber}/documents?item=MEMBERSHIP_CARD`,
      headers: officer,
      payload: { file: 'x' },
    });
    expectProblem(json, { status: 415, code: 'MULTIPART_REQUIRED' });
  });

  it('stores the same content once, for any number of claims', async () => {
    const first = await filedJhtClaim(t, officer);
    const second = await filedJhtClaim(t, officer);
    const file = pdf(true);
    const before = await blobCount();
    const a = await upload(t, officer, first.claimNumber, 'IDENTITY_DOCUMENT', file);
    const b = await upload(t, officer, second.claimNumber, 'IDENTITY_DOCUMENT', file);
    const again = await upload(t, officer, second.claimNumber, 'IDENTITY_DOCUMENT', file);
    assert.equal(a.json().sha256, b.json().sha256);
    assert.equal(b.json().newContent, false);
    assert.equal(again.json().attached, false);
    assert.equal((await blobCount()) - before, a.json().newContent ? 1 : 0);
  });

  it('lets a member upload to their own claim and not to another’s', async () => {
    const own = await filedJhtClaim(t, officer);
    const other = await filedJhtClaim(t, officer);
    const headers = await signedInMember(t.ctx, own.nik, own.membershipNumber);
    assert.equal((await upload(t, headers, own.claimNumber, 'BANK_ACCOUNT_PROOF', jpeg(), 'book.jpeg', 'image/jpeg')).statusCode, 201);
    expectProblem(await upload(t, headers, other.claimNumber, 'BANK_ACCOUNT_PROOF'), { status: 404, code: 'CLAIM_NOT_FOUND' });
  });

  it('accepts the octet-stream type a phone sends for any file', async () => {
    const { claimNumber } = await filedJhtClaim(t, officer);
    const body = multipart(png(), 'IMG_0001', 'application/octet-stream');
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/claims/${claimNumber}/documents?item=IDENTITY_DOCUMENT`,
      headers: { ...officer, ...body.headers },
      payload: body.payload,
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().mediaType, 'image/png');
  });
});

describe('bank files', () => {
  const batch = {
    batchNumber: 'PB00000001',
    createdAt: new Date('2026-03-20T03:00:00Z'),
    executionDate: '2026-03-21',
    debtor: { name: 'BPJS <Lindung> & Co', accountNumber: '0000000000', bankBic: 'BNINIDJA' },
    payments: [
      {
        endToEndId: 'K0000000001-PB00000001',
        claimNumber: 'K0000000001',
        claimType: 'JKK_MEDICAL',
        amount: 1_500_000,
        payTo: { bankCode: 'BNINIDJA', accountNumber: '123', accountHolder: `O'Brien "Siti" <script>&\u0001` },
      },
      {
        endToEndId: 'K0000000002-PB00000001',
        claimNumber: 'K0000000002',
        claimType: 'JHT_FULL',
        amount: 2_500_000,
        payTo: { bankCode: 'BRINIDJA', accountNumber: '=1+2', accountHolder: 'Budi' },
      },
    ],
  };

  it('escapes the five XML special characters and drops characters XML forbids', () => {
    assert.equal(escapeXml(`<a href="x">O'B & C</a>\u0000`), '&lt;a href=&quot;x&quot;&gt;O&apos;B &amp; C&lt;/a&gt;');
  });

  it('writes a pain.001.001.09 document with the count and control sum of its transfers', () => {
    const xml = pain001(batch);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
    assert.match(xml, /<NbOfTxs>2<\/NbOfTxs><CtrlSum>4000000<\/CtrlSum>/);
    assert.match(xml, /<ReqdExctnDt><Dt>2026-03-21<\/Dt><\/ReqdExctnDt>/);
    assert.ok(xml.includes('<Nm>O&apos;Brien &quot;Siti&quot; &lt;script&gt;&amp;</Nm>'));
    assert.ok(xml.includes('<Nm>BPJS &lt;Lindung&gt; &amp; Co</Nm>'));
    assert.ok(!xml.includes('<script>'));
    assert.equal((xml.match(/<CdtTrfTxInf>/g) ?? []).length, 2);
  });

  it('writes a CSV a spreadsheet cannot run as formulas', () => {
    const csv = paymentCsv(batch);
    const lines = csv.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.ok(lines[2]?.includes(`'=1+2`));
  });
});
