import { type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/database.ts';
import { membershipNumberFromSequence } from './membership-number.ts';
import type { PlacementInput } from './schemas.ts';
import type { Address, BankAccount } from './tables.ts';

// The SQL of the membership module, and only that. Private to the module.

type Db = Kysely<Database>;

// Sequence values are taken in blocks, as PostgreSQL's own sequence cache does, so that a
// registration does not need a round trip for its number. Unused values leave gaps.
const numberBlockSize = 32;
const reservedNumbers = new WeakMap<object, { values: number[]; refill?: Promise<void> }>();

export async function nextMembershipNumber(db: Db): Promise<string> {
  let reserve = reservedNumbers.get(db);
  if (!reserve) {
    reserve = { values: [] };
    reservedNumbers.set(db, reserve);
  }
  while (reserve.values.length === 0) {
    reserve.refill ??= sql<{ seq: number }>`select nextval('membership_number_seq') as seq from generate_series(1, ${numberBlockSize})`
      .execute(db)
      .then(({ rows }) => {
        reserve.values.push(...rows.map((r) => Number(r.seq)));
      })
      .finally(() => {
        reserve.refill = undefined;
      });
    await reserve.refill;
  }
  return membershipNumberFromSequence(reserve.values.shift() as number);
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

export interface NewRegistration {
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
  };
  passport: { number: string; issuingCountry: string; expiryDate: string } | null;
  membership: Omit<InsertMembership, 'person_id' | 'membership_number'>;
  placement: (PlacementInput & { endedOn: string | null; endReason: Database['placements']['end_reason'] }) | null;
  event: { type: string; data: Record<string, unknown> };
  /** The notification to send, given the membership number. */
  notification: (membershipNumber: string) => RawBuilder<unknown>;
}

/**
 * Writes a whole registration — person, passport, membership, placement, first status,
 * event and notification — as one statement: it lands whole or not at all, in one round
 * trip. A NIK or passport already held fails it on the unique constraints.
 */
export async function insertRegistration(db: Db, registration: NewRegistration): Promise<string> {
  const number = await nextMembershipNumber(db);
  const { person: p, passport: pp, membership: m, placement: pl, event } = registration;
  await sql`
    with person as (
      insert into persons (nik, full_name, name_normalized, birth_date, sex, birth_place, nationality, phone, email, address, bank_account)
      values (${p.nik}, ${p.fullName}, ${p.nameNormalized}, ${p.birthDate}, ${p.sex}, ${p.birthPlace}, ${p.nationality},
              ${p.phone}, ${p.email}, ${JSON.stringify(p.address)}::jsonb, ${JSON.stringify(p.bankAccount)}::jsonb)
      returning id
    ), passport as (
      insert into passports (person_id, issuing_country, number, expiry_date)
      select person.id, ${pp?.issuingCountry ?? null}, ${pp?.number ?? null}, ${pp?.expiryDate ?? null}::date
      from person where ${pp !== null}
    ), membership as (
      insert into memberships (membership_number, person_id, segment, status, pmi_phase, registration_channel,
        channel_partner_id, registered_by, occupation, declared_monthly_income, employer_name, monthly_wage,
        work_permit_number, registered_at, status_changed_at)
      select ${number}, person.id, ${m.segment}, ${m.status}, ${m.pmi_phase}, ${m.registration_channel},
        ${m.channel_partner_id}::uuid, ${m.registered_by}, ${m.occupation}, ${m.declared_monthly_income}::bigint,
        ${m.employer_name}, ${m.monthly_wage}::bigint, ${m.work_permit_number}, ${m.registered_at}, ${m.status_changed_at}
      from person
      returning id
    ), placement as (
      insert into placements (membership_id, destination_country, employer_name, employer_address, occupation,
        placement_route, placement_agency, contract_start, contract_end, ended_on, end_reason)
      select membership.id, ${pl?.destinationCountry ?? null}, ${pl?.employerName ?? null}, ${pl?.employerAddress ?? null},
        ${pl?.occupation ?? null}, ${pl?.placementRoute ?? null}, ${pl?.placementAgency ?? null},
        ${pl?.contractStart ?? null}::date, ${pl?.contractEnd ?? null}::date, ${pl?.endedOn ?? null}::date, ${pl?.endReason ?? null}
      from membership where ${pl !== null}
    ), status as (
      insert into membership_status_history (membership_id, status, reason, changed_by, changed_at)
      select membership.id, ${m.status}, 'registration', ${m.registered_by}, ${m.registered_at} from membership
    ), event as (
      insert into member_events (membership_id, type, data, actor, occurred_at)
      select membership.id, ${event.type}, ${JSON.stringify(event.data)}::jsonb, ${m.registered_by}, ${m.registered_at}
      from membership
    ), notification as (${registration.notification(number)})
    select id from membership
  `.execute(db);
  return number;
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

/**
 * The open memberships of many identities, in one statement of fixed text (prepared once
 * per connection), one answer per identity in their order: by passport first, then, when
 * the passport found none, by NIK — the rule of `findMembershipForSignIn`. The keys are
 * compared as the columns' own type (char), so that the unique indexes serve.
 */
export async function findMembershipsByIdentity(
  db: Db,
  identities: { nik?: string | undefined; passport?: { number: string; issuingCountry: string } | undefined }[],
): Promise<({ id: string; membershipNumber: string } | undefined)[]> {
  const { rows } = await sql<{ n: number; id: string | null; membership_number: string | null }>`
    select i.n::int as n, coalesce(bp.id, bn.id) as id, coalesce(bp.membership_number, bn.membership_number) as membership_number
    from unnest(${identities.map((i) => i.passport?.issuingCountry ?? null)}::bpchar[], ${identities.map((i) => i.passport?.number ?? null)}::text[],
      ${identities.map((i) => i.nik || null)}::bpchar[]) with ordinality as i (country, number, nik, n)
    left join lateral (
      select m.id, m.membership_number from passports pp join memberships m on m.person_id = pp.person_id
      where pp.issuing_country = i.country and pp.number = i.number and m.status <> 'CLOSED'
      limit 1) bp on true
    left join lateral (
      select m.id, m.membership_number from persons p join memberships m on m.person_id = p.id
      where bp.id is null and p.nik = i.nik and m.status <> 'CLOSED'
      limit 1) bn on true`.execute(db);
  const found: ({ id: string; membershipNumber: string } | undefined)[] = identities.map(() => undefined);
  for (const row of rows) {
    if (row.id && row.membership_number) found[row.n - 1] = { id: row.id, membershipNumber: row.membership_number };
  }
  return found;
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
