// Helpers of the claims tests: members with coverage or savings, files, multipart bodies.
import assert from 'node:assert/strict';
import { recordPayment } from '../contributions/service.ts';
import { creditJht } from '../jht/service.ts';
import { findMembershipRef, registerMember } from '../membership/service.ts';
import { addVirtualAccountChannel, bpuRegistration, memberWithOpenBill } from '../testing/fixtures.ts';

export { signedInMember } from '../testing/fixtures.ts';

import type { TestApp } from '../testing/harness.ts';

export type Headers = Record<string, string>;

let references = 0;
const channels = new WeakSet<object>();

/** A migrant worker in Hong Kong (placement 1 Feb 2026 – 31 Jan 2028) protected by JKK and JKM from 1 Feb 2026 to 29 Feb 2028. */
export async function coveredMigrantWorker(t: TestApp): Promise<{ membershipNumber: string; membershipId: string }> {
  if (!channels.has(t.ctx.db)) {
    await addVirtualAccountChannel(t.ctx.db);
    channels.add(t.ctx.db);
  }
  const member = await memberWithOpenBill(t.ctx);
  const paid = await recordPayment(
    t.ctx,
    {
      channelCode: 'BNI-VA',
      channelReference: `CLAIMS-${++references}`,
      billNumber: member.billNumber,
      amount: 332_500,
      paidAt: '2026-01-20T03:00:00Z',
    },
    'NOTIFICATION',
    'test',
  );
  assert.equal(paid.outcome, 'ALLOCATED');
  return { membershipNumber: member.membershipNumber, membershipId: member.membershipId };
}

/** An informal worker born on `birthDate` with `amount` of JHT savings credited on 31 January 2026. */
export async function saver(t: TestApp, options: { birthDate?: string; amount?: number } = {}) {
  const body = bpuRegistration({ birthDate: options.birthDate ?? '1968-05-01' });
  const { membershipNumber } = await registerMember(t.ctx, body, undefined);
  const { id } = await findMembershipRef(t.ctx, membershipNumber, undefined);
  await creditJht(t.ctx.db, {
    membershipId: id,
    amount: options.amount ?? 5_000_000,
    valueDate: '2026-01-31',
    reference: `payment:claims-${++references}:JHT`,
    recordedBy: 'test',
  });
  return { membershipNumber, membershipId: id, nik: body.person.nik ?? '' };
}

export const payTo = { bankCode: 'BNINIDJA', accountNumber: '0123456789', accountHolder: 'Siti Aminah' };

let fileCounter = 0;
/** A small file of each kind, different on every call unless `fixed`. */
export function pdf(fixed = false): Buffer {
  return Buffer.from(`%PDF-1.7\n% claims test ${fixed ? 'fixed' : ++fileCounter}\n%%EOF\n`);
}
export function png(): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`png ${++fileCounter}`)]);
}
export function jpeg(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`jpeg ${++fileCounter}`)]);
}

/** A multipart/form-data body with one file part. */
export function multipart(content: Buffer, fileName: string, contentType: string): { payload: Buffer; headers: Headers } {
  const boundary = `----lindung${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(
  t: TestApp,
  headers: Headers,
  claimNumber: string,
  item: string,
  file = pdf(),
  name = 'scan.pdf',
  type = 'application/pdf',
) {
  const body = multipart(file, name, type);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/claims/${claimNumber}/documents?item=${item}`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

/** Uploads every item of the claim's checklist as a fresh PDF. */
export async function uploadChecklist(t: TestApp, headers: Headers, claimNumber: string): Promise<void> {
  const claim = await t.app.inject({ method: 'GET', url: `/api/v1/claims/${claimNumber}`, headers });
  assert.equal(claim.statusCode, 200, claim.body);
  for (const { item } of claim.json().checklist as Array<{ item: string }>) {
    const response = await upload(t, headers, claimNumber, item);
    assert.equal(response.statusCode, 201, response.body);
  }
}

/** A full JHT claim at 56, filed by an officer for a saver: what document tests attach files to. */
export async function filedJhtClaim(t: TestApp, officer: Headers): Promise<{ claimNumber: string; nik: string; membershipNumber: string }> {
  const member = await saver(t, { birthDate: '1961-04-04' });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/claims',
    headers: officer,
    payload: {
      membershipNumber: member.membershipNumber,
      claimType: 'JHT_FULL',
      facts: { eventDate: '2017-04-04', jhtReason: 'AGE_56' },
      payTo,
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  return { claimNumber: response.json().claimNumber, nik: member.nik, membershipNumber: member.membershipNumber };
}
