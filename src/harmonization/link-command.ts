/**
 * `lindung link`: links two CSV files with the batch engine, without the database.
 * Everything is checked and computed before the output file appears: it is written
 * beside its final name and renamed into place at the end.
 */
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError, type FieldIssue, issue } from '../kernel/errors.ts';
import type { LinkSource } from './duckdb-engine.ts';
import { runLinkageIsolated } from './linkage-process.ts';
import { defaultThresholds } from './model.ts';

export const linkUsage = `Usage: lindung link --left A.csv --left-id COL [--right B.csv --right-id COL] --out links.csv
                   [--include-review] [--link-weight W] [--review-weight W]

Links the records of B to those of A (without --right: finds duplicates within A).
Columns used when present: nik, name, sex (F/M or P/L), birth_date (YYYY-MM-DD),
passport, phone, country, region; others are ignored. Files must be UTF-8 CSV with a header.
Writes left_id,right_id,weight,probability,decision,explanation: one row per link
(and per pair to review with --include-review). A weight is log2 of the odds that the
pair is one person: links from ${defaultThresholds.link}, review from ${defaultThresholds.review} unless set.`;

function usageError(issues: FieldIssue[]): DomainError {
  return new DomainError(
    'malformed',
    'LINK_USAGE',
    { en: `Cannot link.\n${linkUsage}`, id: `Tidak dapat menautkan.\n${linkUsage}` },
    { issues },
  );
}

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

function progressBar(stream: Output) {
  return (stage: string, step: number, steps: number) => {
    const width = 24;
    const filled = Math.round((step / steps) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${steps} ${stage}`;
    stream.write(stream.isTTY ? `\r${bar.padEnd(60)}` : `${bar}\n`);
  };
}

export async function linkCommand(args: string[], io: { stdout: Output; stderr: Output } = process): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        left: { type: 'string' },
        'left-id': { type: 'string' },
        right: { type: 'string' },
        'right-id': { type: 'string' },
        out: { type: 'string' },
        'include-review': { type: 'boolean' },
        'link-weight': { type: 'string' },
        'review-weight': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw usageError([issue('', 'UNKNOWN_OPTION', (error as Error).message, (error as Error).message)]);
  }
  const issues: FieldIssue[] = [];
  const required = (name: string) => {
    if (typeof values[name] !== 'string' || values[name] === '') {
      issues.push(issue(`/${name}`, 'OPTION_REQUIRED', `--${name} is required.`, `--${name} wajib diisi.`));
    }
  };
  required('left');
  required('left-id');
  required('out');
  if (values.right !== undefined) required('right-id');
  const number = (name: string): number | undefined => {
    const text = values[name];
    if (typeof text !== 'string') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value))
      issues.push(issue(`/${name}`, 'NOT_A_NUMBER', `--${name} must be a number.`, `--${name} harus berupa angka.`));
    return value;
  };
  const linkWeight = number('link-weight');
  const reviewWeight = number('review-weight');
  const out = values.out as string | undefined;
  if (out) {
    const folder = await stat(path.dirname(path.resolve(out))).catch(() => undefined);
    if (!folder?.isDirectory()) {
      issues.push(issue('/out', 'NO_SUCH_FOLDER', `The folder of ${out} does not exist.`, `Folder untuk ${out} tidak ada.`));
    }
  }
  if (issues.length > 0) throw usageError(issues);

  const left: LinkSource = { kind: 'csv', path: values.left as string, idColumn: values['left-id'] as string };
  const right: LinkSource | undefined =
    typeof values.right === 'string' ? { kind: 'csv', path: values.right, idColumn: values['right-id'] as string } : undefined;
  const started = performance.now();
  const session = await runLinkageIsolated({
    left,
    ...(right ? { right } : {}),
    onProgress: progressBar(io.stderr),
    ...(linkWeight !== undefined || reviewWeight !== undefined
      ? {
          thresholds: {
            link: linkWeight ?? defaultThresholds.link,
            review: reviewWeight ?? Math.min(defaultThresholds.review, linkWeight ?? 0),
          },
        }
      : {}),
  });
  const partial = `${out}.partial-${process.pid}`;
  try {
    const written = await session.writeCsv(partial, { includeReview: values['include-review'] === true });
    await rename(partial, out as string);
    if (io.stderr.isTTY) io.stderr.write('\n');
    const c = session.counts;
    io.stdout.write(
      `${written} rows written to ${out}: ${c.linked} linked, ${c.review} to review${right ? `, ${c.new} new` : ''}; ${c.candidatePairs} candidate pairs compared in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    return 0;
  } finally {
    session.close();
    await rm(partial, { force: true });
  }
}
