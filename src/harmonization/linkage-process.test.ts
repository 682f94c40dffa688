import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../kernel/errors.ts';
import { type DecisionRow, type LinkageSession, runLinkage } from './duckdb-engine.ts';
import { runLinkageIsolated } from './linkage-process.ts';
import { syntheticDataset } from './synthetic.ts';

const dataset = syntheticDataset({ seed: 11, members: 1500, partnerRecords: 1200 });
const members = Array.from({ length: dataset.members }, (_, i) => dataset.member(i));
const partner = Array.from({ length: dataset.partnerRecords }, (_, j) => dataset.partnerRecord(j).record);
const dir = mkdtempSync(path.join(tmpdir(), 'lindung-linkage-process-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function allDecisions(session: LinkageSession): Promise<DecisionRow[]> {
  const rows: DecisionRow[] = [];
  for await (const chunk of session.decisions()) rows.push(...chunk);
  return rows;
}

/** Every number rounded to 9 significant digits. */
function roundedNumbers(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v)));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}

describe('record linkage in a process of its own', () => {
  it('decides exactly as the engine run in this process, reporting each stage', async () => {
    const options = { left: { kind: 'records', records: members }, right: { kind: 'records', records: partner } } as const;
    const stages: string[] = [];
    const isolated = await runLinkageIsolated({ ...options, onProgress: (stage, step, steps) => stages.push(`${step}/${steps} ${stage}`) });
    const local = await runLinkage(options);
    try {
      assert.deepEqual(isolated.counts, local.counts);
      // DuckDB sums in parallel, in no fixed order: estimates agree to the last few bits only.
      assert.deepEqual(roundedNumbers(isolated.model), roundedNumbers(local.model));
      const [there, here] = [await allDecisions(isolated), await allDecisions(local)];
      assert.equal(there.length, partner.length);
      assert.deepEqual(roundedNumbers(there), roundedNumbers(here));
      assert.deepEqual(
        stages.map((s) => s.split(' ')[0]),
        ['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7'],
      );
    } finally {
      isolated.close();
      local.close();
    }
  });

  it('writes the links as CSV from the linkage process, and ends that process when closed', async () => {
    const session = await runLinkageIsolated({ left: { kind: 'records', records: members }, right: { kind: 'records', records: partner } });
    const out = path.join(dir, 'links.csv');
    const written = await session.writeCsv(out);
    assert.equal(written, session.counts.linked);
    assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, written + 1);
    const pid = session.pid as number;
    assert.ok(alive(pid));
    session.close();
    assert.ok(await waitUntilGone(pid), 'the linkage process ended');
  });

  it("brings the engine's refusal of unreadable input back as the same error", async () => {
    const file = path.join(dir, 'utf16.csv');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,nik\n1,3201010101900001\n', 'utf16le')]));
    await assert.rejects(
      runLinkageIsolated({ left: { kind: 'csv', path: file, idColumn: 'id' } }),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'LINK_INPUT_INVALID' &&
        error.issues.some((i) => i.pointer === '/left' && i.code === 'UNSUPPORTED_ENCODING'),
    );
  });

  it('answers a crash of the linkage process with a clear error, and this process goes on', async () => {
    const session = await runLinkageIsolated({ left: { kind: 'records', records: members }, right: { kind: 'records', records: partner } });
    const pid = session.pid as number;
    // A native abort, as when a library corrupts its heap.
    process.kill(pid, 'SIGABRT');
    assert.ok(await waitUntilGone(pid));
    await assert.rejects(
      allDecisions(session),
      (error: unknown) => error instanceof DomainError && error.code === 'LINKAGE_PROCESS_FAILED' && error.kind === 'unavailable',
    );
    await assert.rejects(session.writeCsv(path.join(dir, 'never.csv')), /SIGABRT/);
    session.close();
    // And a new run works.
    const again = await runLinkageIsolated({ left: { kind: 'records', records: members.slice(0, 300) } });
    assert.equal(again.counts.leftRecords, 300);
    again.close();
  });
});
