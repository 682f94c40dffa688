import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import type { FieldExplanation } from './model.ts';
import * as store from './store.ts';

function notFound(): DomainError {
  return new DomainError('not_found', 'REVIEW_CASE_NOT_FOUND', {
    en: 'No pair to review for this partner record.',
    id: 'Tidak ada pasangan yang perlu ditinjau untuk data mitra ini.',
  });
}

function decodeCursor(cursor: string | undefined): { weight: number; id: string } | null {
  if (cursor === undefined) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { w: number; i: string };
    if (typeof value.w === 'number' && typeof value.i === 'string') return { weight: value.w, id: value.i };
  } catch {}
  throw invalidInput([
    issue('/cursor', 'INVALID_CURSOR', 'The cursor is not one this API gave out.', 'Kursor ini bukan yang diberikan oleh API ini.'),
  ]);
}

/** The review queue, strongest candidates first. */
export async function listReviewQueue(ctx: Pick<AppContext, 'db'>, options: { cursor?: string | undefined; limit?: number | undefined }) {
  const limit = options.limit ?? 50;
  const after = decodeCursor(options.cursor);
  let query = ctx.db
    .selectFrom('record_links as l')
    .innerJoin('partner_records as r', 'r.id', 'l.partner_record_id')
    .leftJoin('partners as pa', 'pa.id', 'r.partner_id')
    .leftJoin('memberships as m', 'm.person_id', 'l.person_id')
    .select(['l.partner_record_id', 'l.match_weight', 'r.source_type', 'pa.code as partner_code', 'm.membership_number', 'r.received_at'])
    .where('l.decision', '=', 'REVIEW');
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('l.match_weight', '<', after.weight),
        eb.and([eb('l.match_weight', '=', after.weight), eb('l.partner_record_id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('l.match_weight', 'desc')
    .orderBy('l.partner_record_id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      partnerRecordId: r.partner_record_id,
      sourceType: r.source_type,
      partnerCode: r.partner_code,
      candidateMembershipNumber: r.membership_number,
      matchWeight: r.match_weight ?? 0,
      receivedAt: r.received_at.toISOString(),
    })),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(JSON.stringify({ w: last.match_weight, i: last.partner_record_id })).toString('base64url')
        : null,
  };
}

/** Both records side by side with each field's level and weight. */
export async function showReviewCase(
  ctx: Pick<AppContext, 'db'>,
  partnerRecordId: string,
  access: { actor: string; requestId: string | null; at: Date },
) {
  const link = await ctx.db
    .selectFrom('record_links')
    .selectAll()
    .where('partner_record_id', '=', partnerRecordId)
    .where('decision', 'in', ['REVIEW', 'LINKED', 'CONFIRMED', 'REJECTED'])
    .executeTakeFirst();
  if (!link || link.person_id === null) throw notFound();
  const record = await ctx.db.selectFrom('partner_records').selectAll().where('id', '=', partnerRecordId).executeTakeFirstOrThrow();
  const [person] = await store.registerRecords(ctx.db, [await store.canonicalPersonId(ctx.db, link.person_id)]);
  const explanation = (link.explanation ?? []) as FieldExplanation[];
  // The pair shows a member's identity to the officer: the read goes to the access log.
  if (person?.membershipNumber) {
    await ctx.db
      .insertInto('access_log')
      .columns(['actor', 'action', 'membership_id', 'request_id', 'at'])
      .expression((eb) =>
        eb
          .selectFrom('memberships')
          .select([
            eb.val(access.actor).as('actor'),
            eb.val('member.read.review').as('action'),
            'id',
            eb.val(access.requestId).as('request_id'),
            eb.val(access.at).as('at'),
          ])
          .where('membership_number', '=', person.membershipNumber as string),
      )
      .execute();
  }
  return {
    partnerRecordId,
    decision: link.decision,
    matchWeight: link.match_weight ?? 0,
    probability: 1 / (1 + 2 ** -(link.match_weight ?? 0)),
    modelVersion: link.model_version,
    partnerRecord: {
      sourceType: record.source_type,
      nik: record.nik,
      fullName: record.full_name,
      birthDate: record.birth_date,
      sex: record.sex,
      passportNumber: record.passport_number,
      phone: record.phone,
      destinationCountry: record.destination_country,
    },
    member: person
      ? {
          membershipNumber: person.membershipNumber,
          nik: person.nik,
          fullName: person.name,
          birthDate: person.birthDate,
          sex: person.sex,
          passportNumber: person.passport,
          phone: person.phone,
          destinationCountry: person.country,
        }
      : null,
    fields: explanation.map((e) => ({ field: e.field, level: e.level, weight: e.weight })),
  };
}

/**
 * An officer's decision on a pair: a match confirms the link, no match rejects it. Either
 * way the decision is kept as a label for the next estimation. An automatic link can be
 * overturned the same way.
 */
export async function decideReview(ctx: Pick<AppContext, 'db' | 'clock'>, partnerRecordId: string, match: boolean, actor: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('record_links')
      .select(['person_id', 'decision'])
      .where('partner_record_id', '=', partnerRecordId)
      .forUpdate()
      .executeTakeFirst();
    if (!link || link.person_id === null || link.decision === 'NEW') throw notFound();
    if (link.decision === 'CONFIRMED' || link.decision === 'REJECTED') {
      throw new DomainError('conflict', 'ALREADY_DECIDED', {
        en: `An officer already decided this pair (${link.decision}).`,
        id: `Petugas sudah memutuskan pasangan ini (${link.decision}).`,
      });
    }
    const decision = match ? 'CONFIRMED' : 'REJECTED';
    await trx
      .updateTable('record_links')
      .set({ decision, decided_by: actor, decided_at: now })
      .where('partner_record_id', '=', partnerRecordId)
      .execute();
    await trx
      .insertInto('review_labels')
      .values({ partner_record_id: partnerRecordId, person_id: link.person_id, is_match: match, decided_by: actor, decided_at: now })
      .execute();
    await store.audit(
      trx,
      match ? 'REVIEW_MATCH' : 'REVIEW_NO_MATCH',
      { partnerRecordId, personId: link.person_id, previous: link.decision },
      actor,
      now,
    );
    return { partnerRecordId, decision };
  });
}

/** How many labels officers have given, for the next estimation. */
export async function labelCount(ctx: Pick<AppContext, 'db'>): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from review_labels`.execute(ctx.db);
  return row.rows[0]?.n ?? 0;
}
