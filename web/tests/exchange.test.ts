// The partner gateway's and harmonization's journeys in a real browser: a partner user
// uploads a bulk file and reads its validation report; an officer reviews a pair of
// records and decides it. Every page state is checked with axe-core.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runPartnerLinkage, stagePartnerRecords } from '../../src/harmonization/service.ts';
import { syntheticNik } from '../../src/identity/nik.ts';
import { type BrowserServer, checkAccessibility, staffContext, startBrowserServer } from './support.ts';

let server: BrowserServer;

before(async () => {
  server = await startBrowserServer({ members: 20 });
});
after(async () => {
  await server?.close();
});

function csvLine(cells: string[]): string {
  return cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
}

describe('partner gateway and harmonization in the browser', () => {
  it('lets a partner user download the template, upload a file with one bad row and read the report', async () => {
    const { context, page } = await staffContext(server, 'demo.kjri-hk', 'demo-kjri-hk-2026');
    await page.getByRole('link', { name: 'Unggah berkas dan laporan validasi' }).click();
    await page.getByRole('heading', { name: 'Unggah berkas data' }).waitFor();
    await checkAccessibility(page, '/partner/files');

    await page.getByLabel('Jenis dokumen').selectOption('PARTNER_REGISTRATION');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh templat CSV' }).click()]);
    const template = await readFile(await download.path(), 'utf8');
    const [header, example] = parse(template.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    assert.ok(header?.includes('passport_number') && example, 'the template has its columns and an example row');
    const at = (column: string) => header.indexOf(column);
    const row = (values: Record<string, string>) => {
      const cells = [...example];
      for (const [column, value] of Object.entries(values)) cells[at(column)] = value;
      return csvLine(cells);
    };
    const good = row({
      nik: syntheticNik('320405', '1994-05-06', 'F', 901),
      birth_date: '1994-05-06',
      sex: 'F',
      passport_number: 'X9012345',
    });
    const bad = row({
      nik: syntheticNik('320405', '1994-05-07', 'F', 902),
      birth_date: '1994-02-30',
      sex: 'F',
      passport_number: 'X9012346',
    });
    await page.getByLabel('Berkas (CSV atau XLSX)').setInputFiles({
      name: 'pendaftaran-hk.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${csvLine(header)}\n${good}\n${bad}\n`),
    });
    await page.getByRole('button', { name: 'Unggah', exact: true }).click();
    await page.waitForURL(/\/partner\/files\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Laporan validasi: pendaftaran-hk.csv' }).waitFor();
    assert.equal(await page.getByTestId('rows-total').textContent(), '2');
    assert.equal(await page.getByTestId('rows-accepted').textContent(), '1');
    assert.equal(await page.getByTestId('rows-rejected').textContent(), '1');
    await page.locator('tr[data-outcome="REJECTED"]').getByText('Kolom birth_date').waitFor();
    await checkAccessibility(page, '/partner/files/:id');

    await page.getByLabel('Tampilkan').selectOption('REJECTED');
    await page.locator('tbody tr').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-outcome="ACCEPTED"]').length === 0);
    assert.equal(await page.locator('tbody tr[data-outcome="REJECTED"]').count(), 1);
    await checkAccessibility(page, '/partner/files/:id (rejected only)');

    await context.close();

    // The console lists the partner's uploads and their figures from the server: signed in
    // on another device (a fresh browser context), the upload is there.
    const other = await staffContext(server, 'demo.kjri-hk', 'demo-kjri-hk-2026');
    await other.page.goto('/partner/files');
    const uploaded = other.page.getByRole('row').filter({ has: other.page.getByRole('link', { name: 'pendaftaran-hk.csv' }) });
    await uploaded.waitFor();
    assert.deepEqual(
      (await uploaded.locator('td.amount').allTextContents()).map((c) => c.trim()),
      ['2', '1', '1'],
    );
    await checkAccessibility(other.page, '/partner/files (with uploads)');
    await other.context.close();
  });

  it('lets an officer open the review queue, compare a pair field by field and decide it', async () => {
    // Departures of members named without their last name, with the other sex and another
    // phone: likely the same person, but not sure enough to link without an officer.
    const members = (
      await server.ctx.db
        .selectFrom('persons as p')
        .innerJoin('memberships as m', 'm.person_id', 'p.id')
        .select(['p.full_name', 'p.birth_date', 'p.sex'])
        .orderBy('m.membership_number')
        .limit(12)
        .execute()
    )
      .filter((m) => m.full_name.trim().split(/\s+/).length > 1)
      .slice(0, 4);
    await stagePartnerRecords(
      server.ctx,
      members.map((m, i) => ({
        sourceType: 'DEPARTURE' as const,
        sourceReference: `browser-review-${i}`,
        fullName: m.full_name.trim().split(/\s+/).slice(0, -1).join(' '),
        birthDate: String(m.birth_date),
        sex: m.sex === 'F' ? ('M' as const) : ('F' as const),
        phone: `+6012345679${i}`,
      })),
    );
    const run = await runPartnerLinkage(server.ctx, 'user:browser-test');
    assert.ok(run.counts.review >= 1, `at least one pair goes to review (${JSON.stringify(run.counts)})`);

    const { context, page } = await staffContext(server, 'demo.officer', 'demo-officer-2026');
    await page.getByRole('link', { name: 'Antrean pencocokan data' }).click();
    await page.getByRole('heading', { name: 'Pasangan untuk ditinjau' }).waitFor();
    const queued = page.locator('tbody tr');
    await queued.first().waitFor();
    const before = await queued.count();
    await checkAccessibility(page, '/officer/review');

    await queued.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Bandingkan data' }).waitFor();
    await page.getByTestId('side-by-side').getByRole('rowheader', { name: 'Nama' }).waitFor();
    assert.ok((await page.getByTestId('weights').locator('tbody tr').count()) > 0, 'each field’s weight is shown');
    await checkAccessibility(page, '/officer/review/:id');

    await page.getByRole('button', { name: 'Orang yang sama', exact: true }).click();
    await page.getByText('Dikonfirmasi sebagai orang yang sama.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Bukan orang yang sama' }).count(), 0);
    await checkAccessibility(page, '/officer/review/:id (decided)');

    await page.getByRole('link', { name: 'Kembali ke antrean' }).click();
    await page.getByRole('heading', { name: 'Pasangan untuk ditinjau' }).waitFor();
    if (before === 1) await page.getByText('Tidak ada pasangan yang menunggu.').waitFor();
    else await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length === n, before - 1);
    await context.close();
  });

  it('shows a supervisor the message log with its chain check, dead letters, departures without protection and partner activity', async () => {
    const { context, page } = await staffContext(server, 'demo.supervisor', 'demo-supervisor-2026');
    await page.getByRole('link', { name: 'Log pesan' }).click();
    await page.getByRole('heading', { name: 'Log pesan' }).waitFor();
    await page.getByRole('button', { name: 'Periksa rantai log' }).click();
    await page.getByText(/Rantai log utuh/).waitFor();
    await checkAccessibility(page, '/officer/exchange');
    for (const [link, heading] of [
      ['Surat mati (pengiriman gagal)', 'Surat mati (pengiriman gagal)'],
      ['Berangkat tanpa perlindungan', 'Berangkat tanpa perlindungan'],
      ['Kegiatan mitra', 'Kegiatan mitra'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Pertukaran data mitra' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      await checkAccessibility(page, heading);
    }
    // The partner's upload of the first journey is in the activity report.
    await page.getByRole('cell', { name: 'KJRI-HONGKONG' }).first().waitFor();
    await context.close();
  });
});
