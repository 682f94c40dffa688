/**
 * Writing the synthetic datasets to CSV files and scoring links against the truth: shared
 * by the benchmark, the tests and anyone checking a model on labelled data.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { LinkRecord } from './comparisons.ts';
import type { SyntheticDataset } from './synthetic.ts';

const header = 'id,nik,name,sex,birth_date,passport,phone,country,region\n';

function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(r: LinkRecord): string {
  return `${[r.id, r.nik, r.name, r.sex, r.birthDate, r.passport, r.phone, r.country, r.region].map(csvField).join(',')}\n`;
}

async function writeLines(path: string, count: number, line: (i: number) => string, first: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(first);
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += line(i);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** Writes the register, the partner file and the truth (`right_id,left_id`, matches only). */
export async function writeSyntheticCsv(
  dataset: SyntheticDataset,
  paths: { members: string; partner: string; truth: string },
): Promise<number> {
  await writeLines(paths.members, dataset.members, (i) => csvLine(dataset.member(i)), header);
  let matches = 0;
  const truth: string[] = [];
  await writeLines(
    paths.partner,
    dataset.partnerRecords,
    (j) => {
      const { record, truth: t } = dataset.partnerRecord(j);
      if (t !== null) {
        truth.push(`${record.id},${t}\n`);
        matches++;
      }
      return csvLine(record);
    },
    header,
  );
  await writeLines(paths.truth, truth.length, (i) => truth[i] as string, 'right_id,left_id\n');
  return matches;
}

export interface Quality {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export function quality(links: Iterable<{ leftId: string; rightId: string }>, truth: ReadonlyMap<string, string>): Quality {
  let truePositives = 0;
  let falsePositives = 0;
  for (const link of links) {
    if (truth.get(link.rightId) === link.leftId) truePositives++;
    else falsePositives++;
  }
  const falseNegatives = truth.size - truePositives;
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truth.size === 0 ? 1 : truePositives / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}
