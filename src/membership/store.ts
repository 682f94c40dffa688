import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/database.ts';
import { membershipNumberFromSequence } from './membership-number.ts';
import type { PlacementInput } from './schemas.ts';
import type { Address, BankAccount } from './tables.ts';

// The SQL of the membership module, and only that. Private to the module.

type Db = Kysely<Database>;

export async function nextMembershipNumber(db: Db): Promise<string> {
  const { rows } = await sql<{ seq: number }>`select nextval('membership_number_seq') as seq`.execute(db);
  return membershipNumberFromSequence(Number(rows[0]?.seq));
}

export async function insertPerson(
  db: Db,
  person: {
    nik: string | null;
    fullName: string;
    nameNormalized: string;
    birthDate: string;
    sex: 'F' | 'M';
    birthPlace: string | null;
    nationality: string;
    phone: string | null;
    email: string | null;
    address: Address | null;
    bankAccount: BankAccount | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('persons')
    .values({
      nik: person.nik,
      full_name: person.fullName,
      name_normalized: person.nameNormalized,
      birth_date: person.birthDate,
      sex: person.sex,
      birth_place: person.birthPlace,
      nationality: person.nationality,
      phone: person.phone,
      email: person.email,
      address: JSON.stringify(person.address),
      bank_account: JSON.stringify(person.bankAccount),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertPassport(
  db: Db,
  personId: string,
  passport: { number: string; issuingCountry: string; expiryDate: string },
): Promise<void> {
  await db
    .insertInto('passports')
    .values({ person_id: personId, number: passport.number, issuing_country: passport.issuingCountry, expiry_date: passport.expiryDate })
    .execute();
}

export async function insertMembership(db: Db, values: InsertMembership): Promise<string> {
  const row = await db.insertInto('memberships').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

type InsertMembership = {
  membership_number: string;
  person_id: string;
  segment: Database['memberships']['segment'];
  status: Database['memberships']['status'];
  pmi_phase: Database['memberships']['pmi_phase'];
  registration_channel: Database['memberships']['registration_channel'];
  channel_partner_id: string | null;
  registered_by: string;
  occupation: string | null;
  declared_monthly_income: number | null;
  employer_name: string | null;
  monthly_wage: number | null;
  work_permit_number: string | null;
  registered_at: Date;
  status_changed_at: Date;
};

export async function insertPlacement(
  db: Db,
  membershipId: string,
  placement: PlacementInput,
  previousPlacementId: string | null = null,
): Promise<string> {
  const row = await db
    .insertInto('placements')
    .values({
      membership_id: membershipId,
      destination_country: placement.destinationCountry,
      employer_name: placement.employerName ?? null,
      employer_address: placement.employerAddress ?? null,
      occupation: placement.occupation ?? null,
      placement_route: placement.placementRoute,
      placement_agency: placement.placementAgency ?? null,
      contract_start: placement.contractStart,
      contract_end: placement.contractEnd,
      previous_placement_id: previousPlacementId,
      ended_on: null,
      end_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertStatus(
  db: Db,
  entry: { membershipId: string; status: Database['memberships']['status']; reason: string | null; changedBy: string; changedAt: Date },
): Promise<void> {
  await db
    .insertInto('membership_status_history')
    .values({
      membership_id: entry.membershipId,
      status: entry.status,
      reason: entry.reason,
      changed_by: entry.changedBy,
      changed_at: entry.changedAt,
    })
    .execute();
}

export async function insertEvent(
  db: Db,
  event: { membershipId: string; type: string; data: Record<string, unknown>; actor: string; occurredAt: Date },
): Promise<void> {
  await db
    .insertInto('member_events')
    .values({
      membership_id: event.membershipId,
      type: event.type,
      data: JSON.stringify(event.data),
      actor: event.actor,
      occurred_at: event.occurredAt,
    })
    .execute();
}

/** The membership number held by whoever has this NIK or passport, if anyone. */
export async function findNumberByIdentity(
  db: Db,
  identity: { nik?: string | undefined; passport?: { number: string; issuingCountry: string } | undefined },
): Promise<string | undefined> {
  if (identity.nik) {
    const byNik = await db
      .selectFrom('persons as p')
      .innerJoin('memberships as m', 'm.person_id', 'p.id')
      .select('m.membership_number')
      .where('p.nik', '=', identity.nik)
      .executeTakeFirst();
    if (byNik) return byNik.membership_number;
  }
  if (identity.passport) {
    const byPassport = await db
      .selectFrom('passports as pp')
      .innerJoin('memberships as m', 'm.person_id', 'pp.person_id')
      .select('m.membership_number')
      .where('pp.number', '=', identity.passport.number)
      .where('pp.issuing_country', '=', identity.passport.issuingCountry)
      .executeTakeFirst();
    if (byPassport) return byPassport.membership_number;
  }
  return undefined;
}

export function findMembershipForSignIn(db: Db, identity: { nik: string } | { passport: { number: string; issuingCountry: string } }) {
  let query = db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.membership_number', 'p.phone'])
    .where('m.status', '<>', 'CLOSED');
  if ('nik' in identity) query = query.where('p.nik', '=', identity.nik);
  else
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('passports as pp')
          .select(sql.lit(1).as('one'))
          .whereRef('pp.person_id', '=', 'p.id')
          .where('pp.number', '=', identity.passport.number)
          .where('pp.issuing_country', '=', identity.passport.issuingCountry),
      ),
    );
  return query.executeTakeFirst();
}

/** Locks the membership row for a change; every change to one member is serialized. */
export function lockMembership(db: Db, membershipNumber: string) {
  return db.selectFrom('memberships').selectAll().where('membership_number', '=', membershipNumber).forUpdate().executeTakeFirst();
}

export function findMembershipRow(db: Db, membershipNumber: string) {
  return db.selectFrom('memberships').selectAll().where('membership_number', '=', membershipNumber).executeTakeFirst();
}

export async function hasPassport(db: Db, personId: string): Promise<boolean> {
  const row = await db.selectFrom('passports').select('id').where('person_id', '=', personId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function findPassportHolder(db: Db, passport: { number: string; issuingCountry: string }) {
  return db
    .selectFrom('passports')
    .select('person_id')
    .where('number', '=', passport.number)
    .where('issuing_country', '=', passport.issuingCountry)
    .executeTakeFirst();
}

export function findOpenPlacement(db: Db, membershipId: string) {
  return db.selectFrom('placements').selectAll().where('membership_id', '=', membershipId).where('ended_on', 'is', null).executeTakeFirst();
}

export async function endPlacement(
  db: Db,
  placementId: string,
  endedOn: string,
  reason: Database['placements']['end_reason'],
): Promise<void> {
  await db.updateTable('placements').set({ ended_on: endedOn, end_reason: reason }).where('id', '=', placementId).execute();
}

export async function extendPlacement(
  db: Db,
  extension: {
    placementId: string;
    previousEnd: string;
    newEnd: string;
    channel: Database['contract_extensions']['channel'];
    channelPartnerId: string | null;
    recordedBy: string;
    recordedAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('contract_extensions')
    .values({
      placement_id: extension.placementId,
      previous_end: extension.previousEnd,
      new_end: extension.newEnd,
      channel: extension.channel,
      channel_partner_id: extension.channelPartnerId,
      recorded_by: extension.recordedBy,
      recorded_at: extension.recordedAt,
    })
    .execute();
  await db.updateTable('placements').set({ contract_end: extension.newEnd }).where('id', '=', extension.placementId).execute();
}

export async function setPhase(db: Db, membershipId: string, phase: Database['memberships']['pmi_phase']): Promise<void> {
  await db.updateTable('memberships').set({ pmi_phase: phase }).where('id', '=', membershipId).execute();
}

export async function setStatus(db: Db, membershipId: string, status: Database['memberships']['status'], at: Date): Promise<void> {
  await db.updateTable('memberships').set({ status, status_changed_at: at }).where('id', '=', membershipId).execute();
}

export async function updateContact(
  db: Db,
  personId: string,
  changes: { phone?: string; email?: string; address?: Address; bankAccount?: BankAccount },
  at: Date,
): Promise<void> {
  await db
    .updateTable('persons')
    .set({
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.address !== undefined ? { address: JSON.stringify(changes.address) } : {}),
      ...(changes.bankAccount !== undefined ? { bank_account: JSON.stringify(changes.bankAccount) } : {}),
      updated_at: at,
    })
    .where('id', '=', personId)
    .execute();
}

/** Which memberships a reader may see: all, one partner's registrations, or one's own. */
export type Visibility = { kind: 'all' } | { kind: 'partner'; partnerId: string } | { kind: 'own'; membershipId: string };

type MembershipAliased = Database & { m: Database['memberships'] };

function visibleTo(eb: ExpressionBuilder<MembershipAliased, 'm'>, visibility: Visibility): Expression<SqlBool> {
  if (visibility.kind === 'partner') return eb('m.channel_partner_id', '=', visibility.partnerId);
  if (visibility.kind === 'own') return eb('m.id', '=', visibility.membershipId);
  return sql<SqlBool>`true`;
}

/**
 * Everything shown about one member, and the entry in the access log that says who read
 * it, in one statement: the read is logged exactly when it returns data.
 */
export function loadMemberRecord(
  db: Db,
  membershipNumber: string,
  visibility: Visibility,
  access: { actor: string; requestId: string | null; at: Date },
) {
  return db
    .with('logged', (qc) =>
      qc
        .insertInto('access_log')
        .columns(['actor', 'action', 'membership_id', 'request_id', 'at'])
        .expression(
          qc
            .selectFrom('memberships as m')
            .select((eb) => [
              eb.val(access.actor).as('actor'),
              eb.val('member.read').as('action'),
              'm.id',
              eb.val(access.requestId).as('request_id'),
              eb.val(access.at).as('at'),
            ])
            .where('m.membership_number', '=', membershipNumber)
            .where((eb) => visibleTo(eb, visibility)),
        ),
    )
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .leftJoin('partners as pa', 'pa.id', 'm.channel_partner_id')
    .select((eb) => [
      'm.id',
      'm.membership_number',
      'm.segment',
      'm.status',
      'm.pmi_phase',
      'm.registration_channel',
      'm.channel_partner_id',
      'm.registered_at',
      'm.occupation',
      'm.declared_monthly_income',
      'm.employer_name',
      'm.monthly_wage',
      'm.work_permit_number',
      'pa.code as partner_code',
      'pa.name as partner_name',
      'p.nik',
      'p.full_name',
      'p.birth_date',
      'p.sex',
      'p.birth_place',
      'p.nationality',
      'p.phone',
      'p.email',
      'p.address',
      'p.bank_account',
      jsonArrayFrom(
        eb
          .selectFrom('passports as pp')
          .select(['pp.number', 'pp.issuing_country', 'pp.expiry_date'])
          .whereRef('pp.person_id', '=', 'p.id')
          .orderBy('pp.expiry_date', 'desc'),
      ).as('passports'),
      jsonArrayFrom(
        eb
          .selectFrom('placements as pl')
          .select((inner) => [
            'pl.destination_country',
            'pl.employer_name',
            'pl.employer_address',
            'pl.occupation',
            'pl.placement_route',
            'pl.placement_agency',
            'pl.contract_start',
            'pl.contract_end',
            'pl.ended_on',
            'pl.end_reason',
            jsonArrayFrom(
              inner
                .selectFrom('contract_extensions as e')
                .select(['e.previous_end', 'e.new_end', 'e.channel', 'e.recorded_at'])
                .whereRef('e.placement_id', '=', 'pl.id')
                .orderBy('e.recorded_at'),
            ).as('extensions'),
          ])
          .whereRef('pl.membership_id', '=', 'm.id')
          .orderBy('pl.created_at', 'desc'),
      ).as('placements'),
      jsonArrayFrom(
        eb
          .selectFrom('membership_status_history as s')
          .select(['s.status', 's.reason', 's.changed_at'])
          .whereRef('s.membership_id', '=', 'm.id')
          .orderBy('s.id'),
      ).as('statuses'),
    ])
    .where('m.membership_number', '=', membershipNumber)
    .where((eb) => visibleTo(eb, visibility))
    .executeTakeFirst();
}

export type SearchCriterion =
  | { kind: 'nik'; nik: string }
  | { kind: 'passport'; number: string; issuingCountry?: string | undefined }
  | { kind: 'membershipNumber'; membershipNumber: string }
  | { kind: 'nameAndBirthDate'; nameTokens: string[]; birthDate: string };

export async function searchMembers(
  db: Db,
  criterion: SearchCriterion,
  options: { visibility: Visibility; after: string | null; limit: number; access: { actor: string; requestId: string | null; at: Date } },
) {
  let query = db
    // The search itself is logged in the same statement (which criterion, by whom).
    .with('logged', (qc) =>
      qc.insertInto('access_log').values({
        actor: options.access.actor,
        action: `member.search.${criterion.kind}`,
        membership_id: null,
        request_id: options.access.requestId,
        at: options.access.at,
      }),
    )
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.person_id')
    .leftJoin('placements as pl', (join) => join.onRef('pl.membership_id', '=', 'm.id').on('pl.ended_on', 'is', null))
    .select(['m.membership_number', 'p.full_name', 'p.birth_date', 'm.segment', 'm.status', 'm.pmi_phase', 'pl.destination_country']);
  switch (criterion.kind) {
    case 'nik':
      query = query.where('p.nik', '=', criterion.nik);
      break;
    case 'membershipNumber':
      query = query.where('m.membership_number', '=', criterion.membershipNumber);
      break;
    case 'passport':
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('passports as pp')
            .select(sql.lit(1).as('one'))
            .whereRef('pp.person_id', '=', 'p.id')
            .where('pp.number', '=', criterion.number)
            .$if(criterion.issuingCountry !== undefined, (q) => q.where('pp.issuing_country', '=', criterion.issuingCountry as string)),
        ),
      );
      break;
    case 'nameAndBirthDate':
      query = query.where('p.birth_date', '=', criterion.birthDate);
      for (const token of criterion.nameTokens) {
        query = query.where('p.name_normalized', 'like', `%${token.replaceAll('%', '').replaceAll('_', '')}%`);
      }
      break;
  }
  query = query.where((eb) => visibleTo(eb, options.visibility));
  if (options.after) query = query.where('m.membership_number', '>', options.after);
  return query
    .orderBy('m.membership_number')
    .limit(options.limit + 1)
    .execute();
}

export function listEvents(db: Db, membershipId: string, options: { afterId: number | null; limit: number }) {
  let query = db
    .selectFrom('member_events')
    .select(['id', 'type', 'data', 'actor', 'occurred_at'])
    .where('membership_id', '=', membershipId);
  if (options.afterId !== null) query = query.where('id', '>', options.afterId);
  return query
    .orderBy('id')
    .limit(options.limit + 1)
    .execute();
}
