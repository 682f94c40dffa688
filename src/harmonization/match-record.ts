import type { AppContext } from '../context.ts';
import { compareRecords, type LinkRecord, prepareRecord } from './comparisons.ts';
import { decide, type FieldExplanation, type LinkageModel, nameFrequency, scorePair } from './model.ts';
import { referenceModel } from './reference-model.ts';
import * as store from './store.ts';

export interface OnlineMatch {
  modelVersion: number | null;
  decision: 'LINKED' | 'REVIEW' | 'NEW';
  candidates: { membershipNumber: string | null; personId: string; matchWeight: number; probability: number; fields: FieldExplanation[] }[];
}

/** The birth dates a written birth date may stand for: itself, day and month swapped, the year either side. */
function birthDatesToTry(date: string | null): string[] {
  if (!date || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) return [];
  const [y, m, d] = date.split('-') as [string, string, string];
  const dates = [date, `${Number(y) - 1}-${m}-${d}`, `${Number(y) + 1}-${m}-${d}`];
  if (Number(d) <= 12 && d !== m) dates.push(`${y}-${d}-${m}`);
  return dates.filter((x) => !Number.isNaN(new Date(`${x}T00:00:00Z`).getTime()) && new Date(`${x}T00:00:00Z`).toISOString().startsWith(x));
}

/**
 * Matches one incoming record against the whole register with the stored model: the
 * candidates are the persons sharing its NIK, passport or phone or born on a date it
 * could mean (all indexed), scored field by field; the best three are returned.
 */
export async function matchRecord(
  ctx: Pick<AppContext, 'db'>,
  record: Omit<LinkRecord, 'id'>,
  cached?: { version: number; model: LinkageModel },
): Promise<OnlineMatch> {
  const stored = cached ?? (await store.latestModel(ctx.db));
  const model = stored?.model ?? referenceModel(1_000_000);
  const incoming = prepareRecord({ ...record, id: 'incoming' });
  const ids = await store.candidatePersonIds(ctx.db, {
    nik: incoming.nik,
    passport: incoming.passport,
    phone: incoming.phone,
    birthDates: birthDatesToTry(incoming.birthDate),
  });
  const persons = await store.registerRecords(ctx.db, ids);
  const scored = persons
    .map((p) => {
      const prepared = prepareRecord(p);
      const levels = compareRecords(prepared, incoming);
      const score = scorePair(model, levels, prepared.name ? nameFrequency(model, prepared.name.key) : undefined);
      return {
        membershipNumber: p.membershipNumber,
        personId: p.id,
        matchWeight: score.weight,
        probability: score.probability,
        fields: score.explanation,
      };
    })
    .sort((a, b) => b.matchWeight - a.matchWeight)
    .slice(0, 3);
  const best = scored[0];
  return { modelVersion: stored?.version ?? null, decision: best ? decide(model, best.matchWeight) : 'NEW', candidates: scored };
}
