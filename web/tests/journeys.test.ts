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
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
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
    await page.getByLabel('Berkas rekening koran (CSV)').setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
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
    const partners = await page.locator('table tbody tr td:nth-child(4)').allTextContents();
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
    const formatted = await page.evaluate(() => new Intl.NumberFormat('ms-MY', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(332500));
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
