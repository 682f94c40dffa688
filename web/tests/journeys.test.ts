// The main journeys in a real browser (Chromium through playwright-core), against a
// server started here on port 0 with an embedded database in a temporary folder. Every
// page visited is checked with axe-core: no serious or critical violations.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { coverageOn, recordPayment } from '../../src/contributions/service.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { loadAreaCodes } from '../../src/identity/area-codes.ts';
import { syntheticNik } from '../../src/identity/nik.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { readConfig } from '../../src/kernel/config.ts';
import { logNotificationChannel } from '../../src/outbox/notifications.ts';
import { type OutboxWorker, startOutboxWorker } from '../../src/outbox/service.ts';
import { generateSigningKeys } from '../../src/signing/keys.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let dataDir: string;
let handle: DatabaseHandle;
let ctx: AppContext;
let app: FastifyInstance;
let worker: OutboxWorker;
let browser: Browser;
let origin: string;
/** What the development notification channel writes to the log: codes included. */
const logLines: Array<Record<string, unknown>> = [];

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lindung-browser-'));
  handle = await openDatabase({ engine: 'pglite', dataDir });
  await migrateToLatest(handle.db);
  ctx = {
    db: handle.db,
    engine: handle.engine,
    copyCsv: handle.copyCsv,
    clock: systemClock,
    config: { ...readConfig({}), dataDir, secureCookies: false },
    areaCodes: await loadAreaCodes(),
    signingKeys: await generateSigningKeys(),
  };
  await seedDemo(ctx, { members: 40 });
  const quiet = { info() {}, warn() {}, error() {} };
  worker = startOutboxWorker(ctx, {
    handlers: logNotificationChannel({ info: (line: object) => logLines.push(line as Record<string, unknown>) }),
    logger: quiet,
    pollIntervalMs: 100,
  });
  app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  origin = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await app?.close();
  await worker?.stop();
  await handle?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs axe-core on the page as it is; fails on serious or critical violations. */
async function checkAccessibility(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking, [], `accessibility violations on ${where}`);
}

/** Waits for the log line of the next code sent to `match`, after `since` lines. */
async function codeFromLog(since: number, match: (line: Record<string, unknown>) => boolean): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const line = logLines.slice(since).find((l) => l.topic === 'notification.sign-in-code' && match(l));
    if (line) return String(line.code);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no code reached the log');
}

async function staffContext(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: origin });
  const page = await context.newPage();
  await page.goto('/staff');
  await checkAccessibility(page, '/staff');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(/\/(officer|partner)$/);
  return { context, page };
}

async function dashboardTotal(page: Page): Promise<number> {
  await page.goto('/dashboard');
  const text = await page.getByTestId('pmi-total').textContent({ timeout: 15_000 });
  return Number((text ?? '').replace(/\D/g, ''));
}

const worker1 = {
  phone: '+85291230001',
  nik: syntheticNik('320405', '1996-03-14', 'F', 77),
  fullName: 'Dewi Lestari',
  birthDate: '1996-03-14',
};
let membershipNumber = '';
let verificationUrl = '';
let pmiBefore = 0;
let claimNumber = '';
let workerContext: BrowserContext | undefined;

describe('journeys in the browser', () => {
  it('shows an officer the number of migrant workers registered', async () => {
    const { context, page } = await staffContext('demo.officer', 'demo-officer-2026');
    await checkAccessibility(page, '/officer');
    pmiBefore = await dashboardTotal(page);
    assert.ok(pmiBefore > 0);
    await page.locator('.chart svg').first().waitFor();
    await checkAccessibility(page, '/dashboard');
    await context.close();
  });

  it('lets a worker register on a phone in Indonesian and download the card', async () => {
    const context = await browser.newContext({ ...phoneViewport, baseURL: origin, acceptDownloads: true, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'lang'), 'id');
    await checkAccessibility(page, '/');
    await page.getByRole('link', { name: 'Daftar', exact: true }).click();

    // A wrong phone format is refused with the API's rule, in Indonesian.
    await page.getByLabel('Nomor telepon').fill('0812345678');
    await page.getByRole('button', { name: 'Kirim kode konfirmasi' }).click();
    await page.getByText('Tulis nomor telepon dalam format internasional', { exact: false }).first().waitFor();
    await checkAccessibility(page, '/register (phone, with an error)');

    let since = logLines.length;
    await page.getByLabel('Nomor telepon').fill(worker1.phone);
    await page.getByRole('button', { name: 'Kirim kode konfirmasi' }).click();
    const phoneCode = await codeFromLog(since, (l) => l.template === 'PHONE_CONFIRMATION' && String(l.phone).endsWith('001'));
    await page.getByLabel('Kode', { exact: true }).fill(phoneCode);
    await page.getByRole('button', { name: 'Konfirmasi' }).click();

    await page.getByLabel('NIK', { exact: true }).fill(worker1.nik);
    await page.getByLabel('Nama lengkap').fill(worker1.fullName);
    // Half-way through, the page is reloaded (a dropped connection, a closed tab): nothing is lost.
    await page.reload();
    assert.equal(await page.getByLabel('Nama lengkap').inputValue(), worker1.fullName);
    assert.equal(await page.getByLabel('NIK', { exact: true }).inputValue(), worker1.nik);
    await page.getByLabel('Tanggal lahir').fill(worker1.birthDate);
    await page.getByLabel('Jenis kelamin (sesuai KTP)').selectOption('F');
    await page.getByLabel('Tahap').selectOption('DURING_PLACEMENT');
    await page.getByLabel('Negara tujuan').selectOption('HK');
    await page.getByLabel('Ditempatkan melalui').selectOption('INDIVIDUAL');
    await page.getByLabel('Awal kontrak').fill('2026-02-01');
    await page.getByLabel('Akhir kontrak').fill('2028-01-31');
    await page.getByLabel('Nomor paspor').fill('C7700771');
    await page.getByLabel('Tanggal habis berlaku paspor').fill('2031-01-31');
    await checkAccessibility(page, '/register (form)');
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();

    const number = page.locator('strong.number');
    await number.waitFor();
    membershipNumber = (await number.textContent()) ?? '';
    assert.match(membershipNumber, /^\d{11}$/);
    await checkAccessibility(page, '/register (done)');

    await page.getByRole('button', { name: 'Masuk sekarang' }).click();
    await page.waitForURL(/\/signin$/);
    assert.equal(await page.getByLabel('NIK', { exact: true }).inputValue(), worker1.nik);
    since = logLines.length;
    await page.getByRole('button', { name: 'Kirim kode' }).click();
    const signInCode = await codeFromLog(since, (l) => l.membershipNumber === membershipNumber);
    // A wrong code first: a clear message, and the code can be typed again.
    await page.getByLabel('Kode', { exact: true }).fill(signInCode === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByText('Kode salah atau sudah kedaluwarsa. Minta kode baru.').waitFor();
    await checkAccessibility(page, '/signin (wrong code)');
    await page.getByLabel('Kode', { exact: true }).fill(signInCode);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(/\/me$/);
    await page.getByText(worker1.fullName).waitFor();
    await page.getByRole('heading', { name: 'Perlindungan saya hari ini' }).waitFor();
    await page.locator('.coverage li').first().waitFor();
    await checkAccessibility(page, '/me');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh kartu (PDF)' }).click()]);
    const file = await download.path();
    const pdf = await PDFDocument.load(await readFile(file));
    assert.equal(pdf.getPageCount(), 1);
    assert.match(pdf.getTitle() ?? '', new RegExp(membershipNumber));
    verificationUrl = pdf.getKeywords() ?? '';
    assert.ok(verificationUrl.startsWith(`${origin}/verify#`), verificationUrl);

    // The session ends elsewhere (signed out on another device): the page says so clearly.
    const session = (await context.cookies()).find((c) => c.name === 'lindung_session');
    assert.ok(session);
    const logout = await fetch(`${origin}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${session.value}` } });
    assert.equal(logout.status, 204);
    await page.reload();
    await page.getByText('Sesi Anda sudah berakhir. Silakan masuk kembali.').waitFor();
    await checkAccessibility(page, '/me (session ended)');
    await context.close();
  });

  it('confirms the card on the page its QR code opens, with initials, status and validity only', async () => {
    const context = await browser.newContext({ ...phoneViewport });
    const page = await context.newPage();
    await page.goto(verificationUrl);
    await page.getByText('Kartu sah').waitFor();
    await page.getByText('D. L.').waitFor();
    await page.getByText('Terdaftar (menunggu iuran pertama)').waitFor();
    assert.equal(await page.getByText(worker1.fullName).count(), 0);
    await checkAccessibility(page, '/verify');
    await context.close();
  });

  it('lets an officer find the worker and read the record and its history; the dashboard counts one more PMI', async () => {
    const { context, page } = await staffContext('demo.officer', 'demo-officer-2026');
    await page.getByLabel('Cari berdasarkan').selectOption('name');
    await page.getByLabel('Nama lengkap').fill(worker1.fullName);
    await page.getByLabel('Tanggal lahir').fill(worker1.birthDate);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    const results = page.getByRole('table', { name: /1 peserta ditemukan/ });
    await results.getByRole('link', { name: membershipNumber }).click();
    await page.waitForURL(new RegExp(`/officer/members/${membershipNumber}$`));
    await page.getByText(worker1.fullName).first().waitFor();
    await page.getByRole('heading', { name: 'Riwayat' }).waitFor();
    await page.locator('.history li').first().waitFor();
    await checkAccessibility(page, '/officer/members/… (history)');
    assert.equal(await dashboardTotal(page), pmiBefore + 1);
    await context.close();
  });

  it('lets an officer reconcile a statement file and see the bill paid', async () => {
    const bill = await ctx.db
      .selectFrom('bills')
      .innerJoin('memberships', 'memberships.id', 'bills.membership_id')
      .select(['bills.bill_number', 'bills.amount', 'bills.paid_amount', 'memberships.membership_number'])
      .where('bills.status', '=', 'OPEN')
      .orderBy('bills.bill_number')
      .executeTakeFirstOrThrow();
    const { context, page } = await staffContext('demo.officer', 'demo-officer-2026');
    await page.goto('/officer/payments');
    await page.getByRole('heading', { name: 'Tunggakan' }).waitFor();
    await checkAccessibility(page, '/officer/payments');
    const now = new Date();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(now);
    const csv = [
      'reference,bill_number,amount,paid_at',
      `BROWSER-1,${bill.bill_number},${bill.amount - bill.paid_amount},${now.toISOString()}`,
      `BROWSER-2,99999999999999,50000,${now.toISOString()}`,
    ].join('\n');
    await page.getByLabel('Kanal pembayaran').selectOption('BNI-VA');
    await page.getByLabel('Tanggal rekening koran').fill(today);
    await page
      .getByLabel('Berkas rekening koran (CSV)')
      .setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Rekonsiliasi', exact: true }).click();
    await page.getByText('2 baris dibaca.').waitFor();
    await page.getByRole('cell', { name: 'Tidak cocok' }).waitFor();
    await checkAccessibility(page, '/officer/payments (report)');
    await page.goto(`/officer/members/${bill.membership_number}`);
    const row = page.getByRole('row', { name: new RegExp(bill.bill_number) });
    await row.getByText('Lunas').waitFor();
    await context.close();
  });

  it('shows a partner user only its own members', async () => {
    const other = await ctx.db
      .selectFrom('memberships')
      .innerJoin('partners', 'partners.id', 'memberships.channel_partner_id')
      .select('memberships.membership_number')
      .where('partners.code', '<>', 'KJRI-HONGKONG')
      .executeTakeFirstOrThrow();
    const { context, page } = await staffContext('demo.kjri-hk', 'demo-kjri-hk-2026');
    await page.getByRole('heading', { name: 'Peserta yang kami daftarkan' }).waitFor();
    // The heading shows before the list has loaded: wait for its first row.
    const partnerCells = page.locator('table tbody tr td:nth-child(4)');
    await partnerCells.first().waitFor();
    const partners = await partnerCells.allTextContents();
    assert.ok(partners.length > 0);
    for (const cell of partners) assert.match(cell, /KJRI-HONGKONG/);
    await checkAccessibility(page, '/partner');
    await page.getByLabel('Cari berdasarkan').selectOption('number');
    await page.getByLabel('Nomor kepesertaan').fill(other.membership_number);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByText('Tidak ada peserta yang ditemukan.').waitFor();
    await page.goto(`/partner/members/${other.membership_number}`);
    await page.getByText('Tidak ada peserta dengan nomor ini yang dapat Anda lihat.').first().waitFor();
    await context.close();
  });

  it('lets the worker file a claim on a phone, see the simulator’s answer first, upload the documents, and see it filed', async () => {
    workerContext = await browser.newContext({ ...phoneViewport, baseURL: origin, locale: 'id-ID' });
    const page = await workerContext.newPage();
    await page.goto('/signin');
    await page.getByLabel('NIK', { exact: true }).fill(worker1.nik);
    const since = logLines.length;
    await page.getByRole('button', { name: 'Kirim kode' }).click();
    await page.getByLabel('Kode', { exact: true }).fill(await codeFromLog(since, (l) => l.membershipNumber === membershipNumber));
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(/\/me$/);

    // Dewi is billed for her placement and the bank reports her payment: her protection starts with the contract.
    const billed = await page.request.post(`/api/v1/members/${membershipNumber}/bills`, { data: { item: 'PMI_PLACEMENT' } });
    assert.equal(billed.status(), 201, await billed.text());
    const bill = (await billed.json()) as { billNumber: string; amount: number };
    const paid = await recordPayment(
      ctx,
      {
        channelCode: 'BNI-VA',
        channelReference: 'BROWSER-CLAIM',
        billNumber: bill.billNumber,
        amount: bill.amount,
        paidAt: new Date().toISOString(),
      },
      'NOTIFICATION',
      'browser-test',
    );
    assert.equal(paid.outcome, 'ALLOCATED');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const coverage = await coverageOn(ctx, membershipNumber, { program: 'JKK', date: today }, undefined);
    assert.ok(coverage.covered, JSON.stringify(coverage.reason));

    await page.reload();
    await page.getByRole('link', { name: 'Ajukan klaim' }).click();
    await page.waitForURL(/\/claims\/new$/);

    await page.getByLabel('Jenis klaim').selectOption('JKK_MEDICAL');
    await page.getByLabel('Tanggal kejadian').fill(today);
    await page.getByLabel('Nomor kuitansi').fill('RS-HK-2026-0077');
    await page.getByLabel('Tanggal kuitansi').fill('2026-01-05');
    await page.getByLabel('Jumlah (rupiah)').fill('1250000');
    // A receipt dated before the event: the API's rule, by its code, in Indonesian, at the field.
    await page.getByRole('button', { name: 'Lihat perkiraan manfaat' }).click();
    await page.locator('.field-error', { hasText: 'Kuitansi bertanggal pada atau setelah kejadian.' }).waitFor();
    await checkAccessibility(page, '/claims/new (facts, with an error)');
    await page.getByLabel('Tanggal kuitansi').fill(today);
    await page.getByRole('button', { name: 'Lihat perkiraan manfaat' }).click();
    // The simulator's answer, line by line, with the regulation, before anything is filed.
    await page.getByRole('heading', { name: 'Perkiraan manfaat klaim ini' }).waitFor();
    await page.locator('.lines li').first().waitFor();
    assert.match((await page.locator('.calculation').textContent()) ?? '', /Peraturan/);
    await page.getByRole('heading', { name: 'Dokumen yang diperlukan' }).waitFor();
    await checkAccessibility(page, '/claims/new (simulation)');
    await page.getByLabel('Nomor rekening').fill('0123456789');
    await page.getByLabel('Nama pemilik rekening').fill(worker1.fullName);
    await page.getByRole('button', { name: 'Ajukan klaim' }).click();
    await page.waitForURL(/\/claims\/K\d{10}$/);
    claimNumber = page.url().split('/').at(-1) ?? '';
    await page.locator('.card .status', { hasText: 'Diajukan' }).waitFor();
    await page.getByText('Masih kurang 6 dokumen.').waitFor();
    await page.locator('.timeline li').first().waitFor();
    await checkAccessibility(page, '/claims/K… (filed, documents missing)');

    // The checklist's documents: a photo from the camera, the rest as PDFs.
    const checklist = [
      ['Kartu peserta', 'png'],
      ['KTP atau paspor', 'pdf'],
      ['Buku tabungan atau rekening koran', 'pdf'],
      ['Surat keterangan pemberi kerja atau perwakilan RI', 'pdf'],
      ['Resume medis', 'pdf'],
      ['Kuitansi', 'pdf'],
    ] as const;
    for (const [index, [label, kind]] of checklist.entries()) {
      const file =
        kind === 'png'
          ? {
              name: 'photo.png',
              mimeType: 'image/png',
              buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`photo ${index}`)]),
            }
          : {
              name: `document-${index}.pdf`,
              mimeType: 'application/pdf',
              buffer: Buffer.from(`%PDF-1.7\n% browser claim document ${index}\n%%EOF\n`),
            };
      await page.getByLabel(`Unggah: ${label} (foto atau PDF)`).setInputFiles(file);
      await page
        .getByText(`Masih kurang ${5 - index} dokumen.`)
        .or(page.getByText('Semua dokumen sudah ada.'))
        .waitFor();
    }
    await page.getByText('Semua dokumen sudah ada.').waitFor();
    assert.equal(await page.locator('.files a').count(), 6);
    await checkAccessibility(page, '/claims/K… (documents uploaded)');

    await page.goto('/claims');
    await page.getByRole('link', { name: new RegExp(claimNumber) }).waitFor();
    await checkAccessibility(page, '/claims');
  });

  it('lets an officer find the claim in the queue by due time, check the documents and assess it, and a supervisor approve it', async () => {
    assert.match(claimNumber, /^K\d{10}$/);
    const { context, page } = await staffContext('demo.officer', 'demo-officer-2026');
    await page.getByRole('link', { name: 'Klaim', exact: true }).click();
    await page.waitForURL(/\/officer\/claims$/);
    await page.getByRole('table', { name: 'Klaim terbuka menurut batas waktu' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('SUBMITTED');
    const link = page.getByRole('link', { name: claimNumber, exact: true });
    await link.waitFor();
    // The queue is in the order of the service-level clock.
    const due = await page.locator('tbody time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime') ?? ''));
    assert.ok(due.length > 1);
    assert.deepEqual(due, [...due].sort());
    await checkAccessibility(page, '/officer/claims');
    await link.click();
    await page.waitForURL(new RegExp(`/officer/claims/${claimNumber}$`));
    await page.getByText(worker1.fullName).first().waitFor();
    await page.getByText('Semua dokumen sudah ada.').waitFor();
    const document = await page.locator('.files a').first().getAttribute('href');
    assert.ok(document);
    const served = await page.request.get(document);
    assert.equal(served.status(), 200);
    await checkAccessibility(page, '/officer/claims/K… (submitted)');

    await page.getByRole('button', { name: 'Dokumen lengkap' }).click();
    await page.locator('.card .status', { hasText: 'Dokumen diperiksa' }).waitFor();
    await page.getByRole('button', { name: 'Nilai (hitung jumlahnya)' }).click();
    await page.locator('.card .status', { hasText: 'Dinilai' }).waitFor();
    await page.getByRole('heading', { name: 'Cara jumlahnya dihitung' }).waitFor();
    await page.locator('.calculation .lines li').first().waitFor();
    // Whoever assessed does not approve: the officer is told so, and gets no approve button.
    await page.getByText('Yang menilai klaim tidak menyetujuinya.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Setujui' }).count(), 0);
    await checkAccessibility(page, '/officer/claims/K… (assessed)');
    await context.close();

    const supervisor = await staffContext('demo.supervisor', 'demo-supervisor-2026');
    await supervisor.page.goto(`/officer/claims/${claimNumber}`);
    await supervisor.page.getByRole('button', { name: 'Setujui' }).click();
    await supervisor.page.locator('.card .status', { hasText: 'Disetujui' }).waitFor();
    await checkAccessibility(supervisor.page, '/officer/claims/K… (approved)');
    await supervisor.context.close();

    assert.ok(workerContext);
    const worker = workerContext.pages()[0] ?? (await workerContext.newPage());
    await worker.goto(`/claims/${claimNumber}`);
    await worker.locator('.card .status', { hasText: 'Disetujui' }).waitFor();
    await worker.getByRole('heading', { name: 'Cara jumlahnya dihitung' }).waitFor();
    await checkAccessibility(worker, '/claims/K… (approved, worker)');
  });

  it('lets a supervisor pay approved claims in a bank batch and import the bank’s confirmation; the worker sees it paid', async () => {
    const { context, page } = await staffContext('demo.supervisor', 'demo-supervisor-2026');
    await page.goto('/officer/claim-payments');
    await checkAccessibility(page, '/officer/claim-payments');
    await page.getByRole('button', { name: 'Buat batch pembayaran' }).click();
    const row = page.getByRole('row', { name: new RegExp(claimNumber) });
    await row.waitFor();
    const endToEnd = (await row.locator('td').nth(1).textContent()) ?? '';
    const item = await ctx.db.selectFrom('claims').select(['amount']).where('claim_number', '=', claimNumber).executeTakeFirstOrThrow();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh pain.001 (ISO 20022)' }).click(),
    ]);
    assert.match(await readFile(await download.path(), 'utf8'), new RegExp(endToEnd));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const csv = `end_to_end_id,status,amount,bank_reference,settled_on\n${endToEnd},PAID,${item.amount},BNI-BROWSER-1,${today}\n`;
    await page
      .getByLabel('Konfirmasi dari bank (CSV)')
      .setInputFiles({ name: 'confirmation.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Impor konfirmasi' }).click();
    await page.getByText('1 baris dibaca.').waitFor();
    await page.getByRole('cell', { name: 'Dibayar', exact: true }).first().waitFor();
    await checkAccessibility(page, '/officer/claim-payments (confirmation)');
    await context.close();

    assert.ok(workerContext);
    const worker = workerContext.pages()[0] ?? (await workerContext.newPage());
    await worker.goto(`/claims/${claimNumber}`);
    await worker.locator('.card .status', { hasText: 'Dibayar' }).waitFor();
    await workerContext.close();
  });

  it('remembers the language chosen and formats dates and rupiah for it', async () => {
    const context = await browser.newContext({ ...phoneViewport, baseURL: origin });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Bahasa').selectOption('ko');
    await page.getByRole('heading', { name: '국내외 인도네시아 노동자를 위한 사회보장' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: '가입하기' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    await checkAccessibility(page, '/ (Korean)');
    for (const [language, text] of [
      ['en', 'Register'],
      ['zh-Hant', '登記'],
      ['ms', 'Daftar'],
    ] as const) {
      await page.locator('.language select').selectOption(language);
      await page.getByRole('link', { name: text, exact: true }).first().waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), language);
    }
    const formatted = await page.evaluate(() =>
      new Intl.NumberFormat('ms-MY', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(332500),
    );
    assert.match(formatted, /332,500/);
    await context.close();
  });

  it('starts without a connection and keeps a half-filled form', async () => {
    const context = await browser.newContext({ ...phoneViewport, baseURL: origin });
    const page = await context.newPage();
    await page.goto('/register');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    await page.getByLabel('Nomor telepon').fill('+60123450002');
    await context.setOffline(true);
    await page.reload();
    assert.equal(await page.getByLabel('Nomor telepon').inputValue(), '+60123450002');
    await page.getByText('Anda sedang luring.', { exact: false }).waitFor();
    // Sending while offline says so, and keeps what was typed.
    await page.getByRole('button', { name: 'Kirim kode konfirmasi' }).click();
    await page.getByText('Tidak ada koneksi. Isian Anda tersimpan', { exact: false }).waitFor();
    await checkAccessibility(page, '/register (offline)');
    await context.setOffline(false);
    await context.close();
  });

  it('loads the worker portal with under 200 KB of compressed JavaScript', async () => {
    const context = await browser.newContext({ ...phoneViewport, baseURL: origin });
    const page = await context.newPage();
    const sizes: Array<Promise<{ url: string; encoding: string | undefined; bytes: number }>> = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      sizes.push(
        Promise.all([request.sizes(), request.response()]).then(([size, response]) => ({
          url: request.url(),
          encoding: response?.headers()['content-encoding'],
          bytes: size.responseBodySize,
        })),
      );
    });
    await page.goto('/', { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Daftar', exact: true }).waitFor();
    const scripts = await Promise.all(sizes);
    for (const script of scripts) assert.ok(script.encoding === 'br' || script.encoding === 'gzip', `${script.url} sent uncompressed`);
    const scriptBytes = scripts.reduce((sum, s) => sum + s.bytes, 0);
    console.log(`worker portal first load: ${(scriptBytes / 1024).toFixed(1)} KiB of compressed JavaScript`);
    assert.ok(scriptBytes > 0 && scriptBytes < 200 * 1024, `${scriptBytes} bytes`);
    await context.close();
  });
});
