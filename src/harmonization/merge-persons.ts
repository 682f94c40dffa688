import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { recordPersonEvent } from '../membership/service.ts';
import * as store from './store.ts';

const conflict = (code: string, en: string, id: string) => new DomainError('conflict', code, { en, id });

/**
 * Records that two person identities are one: `membershipNumber`'s person is merged into
 * `intoMembershipNumber`'s. Nothing of either person is changed or moved: both keep
 * their membership numbers, links and history; readers follow the merge. Audited, and
 * reversible by `unmergePersons`.
 */
export async function mergePersons(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  input: { membershipNumber: string; intoMembershipNumber: string; reason: string },
  actor: string,
): Promise<{ mergeId: string }> {
  const issues = [];
  if (!input.reason.trim())
    issues.push(issue('/reason', 'REASON_REQUIRED', 'Say why the two are one person.', 'Jelaskan mengapa keduanya orang yang sama.'));
  if (input.membershipNumber === input.intoMembershipNumber) {
    issues.push(
      issue(
        '/intoMembershipNumber',
        'SAME_MEMBER',
        'A member cannot be merged into itself.',
        'Peserta tidak dapat digabung dengan dirinya sendiri.',
      ),
    );
  }
  const from = await store.personByMembershipNumber(ctx.db, input.membershipNumber);
  const into = await store.personByMembershipNumber(ctx.db, input.intoMembershipNumber);
  if (!from)
    issues.push(issue('/membershipNumber', 'MEMBER_NOT_FOUND', 'No member has this number.', 'Tidak ada peserta dengan nomor ini.'));
  if (!into)
    issues.push(issue('/intoMembershipNumber', 'MEMBER_NOT_FOUND', 'No member has this number.', 'Tidak ada peserta dengan nomor ini.'));
  if (issues.length > 0 || !from || !into) throw invalidInput(issues);
  if (from.personId === into.personId)
    throw invalidInput([
      issue('/intoMembershipNumber', 'SAME_PERSON', 'Both numbers already belong to one person.', 'Kedua nomor sudah milik satu orang.'),
    ]);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    // Chains are refused so that one step always reaches the surviving identity.
    const intoMerged = await store.canonicalPersonId(trx, into.personId);
    if (intoMerged !== into.personId) {
      throw conflict(
        'TARGET_IS_MERGED',
        'The member to merge into is itself merged into another; merge into that one.',
        'Peserta tujuan sendiri sudah digabung ke peserta lain; gabungkan ke peserta tersebut.',
      );
    }
    const absorbed = await trx
      .selectFrom('person_merges')
      .select('id')
      .where('into_person_id', '=', from.personId)
      .where('unmerged_at', 'is', null)
      .executeTakeFirst();
    if (absorbed) {
      throw conflict(
        'SOURCE_HAS_MERGES',
        'Other identities are merged into this member; undo those merges first.',
        'Identitas lain sudah digabung ke peserta ini; batalkan penggabungan itu terlebih dahulu.',
      );
    }
    let merge: { id: string };
    try {
      merge = await trx
        .insertInto('person_merges')
        .values({ person_id: from.personId, into_person_id: into.personId, reason: input.reason.trim(), merged_by: actor, merged_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw conflict('ALREADY_MERGED', 'This member is already merged into another.', 'Peserta ini sudah digabung ke peserta lain.');
      throw error;
    }
    const [a, b] = [from.personId, into.personId].sort() as [string, string];
    await trx
      .updateTable('duplicate_pairs')
      .set({ status: 'MERGED' })
      .where('person_id', '=', a)
      .where('other_person_id', '=', b)
      .execute();
    await recordPersonEvent(trx, {
      personIds: [from.personId, into.personId],
      type: 'PERSON_MERGED',
      data: { mergeId: merge.id, membershipNumber: input.membershipNumber, intoMembershipNumber: input.intoMembershipNumber },
      actor,
      at: now,
    });
    await store.audit(
      trx,
      'PERSON_MERGED',
      {
        mergeId: merge.id,
        membershipNumber: input.membershipNumber,
        intoMembershipNumber: input.intoMembershipNumber,
        reason: input.reason.trim(),
      },
      actor,
      now,
    );
    return { mergeId: merge.id };
  });
}

/** Undoes a merge: the two identities are separate again, as they were. */
export async function unmergePersons(ctx: Pick<AppContext, 'db' | 'clock'>, mergeId: string, reason: string, actor: string): Promise<void> {
  if (!reason.trim())
    throw invalidInput([issue('/reason', 'REASON_REQUIRED', 'Say why the merge is undone.', 'Jelaskan mengapa penggabungan dibatalkan.')]);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const merge = await trx.selectFrom('person_merges').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!merge) throw new DomainError('not_found', 'MERGE_NOT_FOUND', { en: 'No such merge.', id: 'Penggabungan tidak ditemukan.' });
    if (merge.unmerged_at !== null)
      throw conflict('ALREADY_UNMERGED', 'This merge was already undone.', 'Penggabungan ini sudah dibatalkan.');
    await trx
      .updateTable('person_merges')
      .set({ unmerged_at: now, unmerged_by: actor, unmerge_reason: reason.trim() })
      .where('id', '=', mergeId)
      .execute();
    const [a, b] = [merge.person_id, merge.into_person_id].sort() as [string, string];
    await trx.updateTable('duplicate_pairs').set({ status: 'OPEN' }).where('person_id', '=', a).where('other_person_id', '=', b).execute();
    await recordPersonEvent(trx, {
      personIds: [merge.person_id, merge.into_person_id],
      type: 'PERSON_UNMERGED',
      data: { mergeId },
      actor,
      at: now,
    });
    await store.audit(trx, 'PERSON_UNMERGED', { mergeId, reason: reason.trim() }, actor, now);
  });
}

/** The membership numbers that are one person with this one (itself first), following merges. */
export async function identityOf(ctx: Pick<AppContext, 'db'>, membershipNumber: string) {
  const person = await store.personByMembershipNumber(ctx.db, membershipNumber);
  if (!person)
    throw new DomainError('not_found', 'MEMBER_NOT_FOUND', { en: 'No member has this number.', id: 'Tidak ada peserta dengan nomor ini.' });
  const canonical = await store.canonicalPersonId(ctx.db, person.personId);
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .leftJoin('person_merges as pm', (join) => join.onRef('pm.person_id', '=', 'm.person_id').on('pm.unmerged_at', 'is', null))
    .select(['m.membership_number', 'm.person_id', 'pm.id as merge_id'])
    .where((eb) => eb.or([eb('m.person_id', '=', canonical), eb('pm.into_person_id', '=', canonical)]))
    .execute();
  const survivor = rows.find((r) => r.person_id === canonical);
  return {
    membershipNumber: survivor?.membership_number ?? membershipNumber,
    merged: rows
      .filter((r) => r.person_id !== canonical)
      .map((r) => ({ membershipNumber: r.membership_number, mergeId: r.merge_id as string })),
  };
}
