// Start-up helpers for browser journeys (the minimum of journeys.test.ts's set-up): a
// server on port 0 with an embedded database in a temporary folder and the demo data,
// Chromium through playwright-core, and axe-core on each page state.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import type { AppContext } from '../../src/context.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { loadAreaCodes } from '../../src/identity/area-codes.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { readConfig } from '../../src/kernel/config.ts';
import { generateSigningKeys } from '../../src/signing/keys.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface BrowserServer {
  ctx: AppContext;
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The app with the demo data (`members` synthetic members) and a browser to drive it. */
export async function startBrowserServer(options: { members: number }): Promise<BrowserServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lindung-browser-'));
  let handle: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    handle = await openDatabase({ engine: 'pglite', dataDir });
    await migrateToLatest(handle.db);
    const ctx: AppContext = {
      db: handle.db,
      engine: handle.engine,
      copyCsv: handle.copyCsv,
      clock: systemClock,
      config: { ...readConfig({}), dataDir, secureCookies: false },
      areaCodes: await loadAreaCodes(),
      signingKeys: await generateSigningKeys(),
    };
    await seedDemo(ctx, { members: options.members });
    app = await buildApp(ctx, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address && typeof address === 'object');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    return { ctx, origin: `http://127.0.0.1:${address.port}`, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs axe-core on the page as it is; fails on serious or critical violations. */
export async function checkAccessibility(page: Page, where: string): Promise<void> {
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

/** A staff user signed in (in Indonesian, the default language) on a desktop-sized page. */
export async function staffContext(
  server: BrowserServer,
  username: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await server.browser.newContext({
    viewport: { width: 1280, height: 900 },
    baseURL: server.origin,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto('/staff');
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(/\/(officer|partner)$/);
  return { context, page };
}
