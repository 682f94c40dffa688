import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { LinkRecord } from './comparisons.ts';
import type { LinkageModel } from './model.ts';

// The SQL of the harmonization module. It reads the register (persons, passports,
// memberships, placements) set-wise, which no service call could do at this size, and
// writes only its own tables.

type Db = Kysely<Database>;

/** Persons not merged into another, as the engine reads them, with their membership number. */
export async function registerRecords(
  db: Db,
  personIds?: readonly string[],
): Promise<(LinkRecord & { membershipNumber: string | null })[]> {
  if (personIds && personIds.length === 0) return [];
  const rows = await sql<{
    id: string;
    nik: string | null;
    full_name: string;
    sex: string;
    birth_date: string;
    phone: string | null;
    passport: string | null;
    country: string | null;
    membership_number: string | null;
  }>`
    select p.id, p.nik, p.full_name, p.sex, p.birth_date::text as birth_date, p.phone,
      (select pp.number from passports pp where pp.person_id = p.id order by pp.recorded_at desc limit 1) as passport,
      (select pl.destination_country from placements pl where pl.membership_id = m.id order by pl.contract_start desc limit 1) as country,
      m.membership_number
    from persons p
    left join memberships m on m.person_id = p.id
    where not exists (select 1 from person_merges pm where pm.person_id = p.id and pm.unmerged_at is null)
      ${personIds ? sql`and p.id in (${sql.join(personIds)})` : sql``}
  `.execute(db);
  return rows.rows.map((r) => ({
    id: r.id,
    nik: r.nik,
    name: r.full_name,
    sex: r.sex,
    birthDate: r.birth_date,
    passport: r.passport,
    phone: r.phone,
    country: r.country,
    region: null,
    membershipNumber: r.membership_number,
  }));
}

/** Candidates for one incoming record: same NIK, passport or phone, or a birth date it could be. */
export async function candidatePersonIds(
  db: Db,
  key: { nik: string | null; passport: string | null; phone: string | null; birthDates: string[] },
): Promise<string[]> {
  const ids = new Set<string>();
  const queries: Promise<{ id: string }[]>[] = [];
  if (key.nik) queries.push(db.selectFrom('persons').select('id').where('nik', '=', key.nik).execute());
  if (key.passport)
    queries.push(
      db.selectFrom('passports').select('person_id as id').where('issuing_country', '=', 'ID').where('number', '=', key.passport).execute(),
    );
  if (key.phone)
    queries.push(
      db
        .selectFrom('persons')
        .select('id')
        .where(sql<string>`right(phone, 9)`, '=', key.phone)
        .where('phone', 'is not', null)
        .limit(50)
        .execute(),
    );
  if (key.birthDates.length > 0)
    queries.push(db.selectFrom('persons').select('id').where('birth_date', 'in', key.birthDates).limit(2000).execute());
  for (const rows of await Promise.all(queries)) for (const r of rows) ids.add(r.id);
  return [...ids];
}

export async function latestModel(db: Db): Promise<{ version: number; model: LinkageModel } | undefined> {
  const row = await db
    .selectFrom('linkage_models')
    .select(['version', 'parameters'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, model: row.parameters as LinkageModel } : undefined;
}

export async function saveModel(db: Db, model: LinkageModel, estimatedFrom: Record<string, unknown>, actor: string): Promise<number> {
  const row = await db
    .insertInto('linkage_models')
    .values({ parameters: JSON.stringify(model), estimated_from: JSON.stringify(estimatedFrom), created_by: actor })
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Partner records a run decides: never decided, or left to review or as new by an earlier run. */
export async function undecidedPartnerRecords(db: Db): Promise<(LinkRecord & { sourceType: string; partnerId: string | null })[]> {
  const rows = await db
    .selectFrom('partner_records as r')
    .leftJoin('record_links as l', 'l.partner_record_id', 'r.id')
    .select([
      'r.id',
      'r.nik',
      'r.full_name',
      'r.sex',
      sql<string | null>`r.birth_date::text`.as('birth_date'),
      'r.passport_number',
      'r.phone',
      'r.destination_country',
      'r.birth_region',
      'r.source_type',
      'r.partner_id',
    ])
    .where((eb) => eb.or([eb('l.partner_record_id', 'is', null), eb('l.decision', 'in', ['REVIEW', 'NEW'])]))
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    nik: r.nik,
    name: r.full_name,
    sex: r.sex,
    birthDate: r.birth_date,
    passport: r.passport_number,
    phone: r.phone,
    country: r.destination_country,
    region: r.birth_region,
    sourceType: r.source_type,
    partnerId: r.partner_id,
  }));
}

export async function audit(db: Db, action: string, subject: Record<string, unknown>, actor: string, at: Date): Promise<void> {
  await db
    .insertInto('harmonization_audit')
    .values({ action, subject: JSON.stringify(subject), actor, occurred_at: at })
    .execute();
}

/** The person a person is merged into (itself when not merged). */
export async function canonicalPersonId(db: Db, personId: string): Promise<string> {
  const row = await db
    .selectFrom('person_merges')
    .select('into_person_id')
    .where('person_id', '=', personId)
    .where('unmerged_at', 'is', null)
    .executeTakeFirst();
  return row?.into_person_id ?? personId;
}

export async function personByMembershipNumber(
  db: Db,
  membershipNumber: string,
): Promise<{ personId: string; membershipId: string } | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select(['person_id', 'id'])
    .where('membership_number', '=', membershipNumber)
    .executeTakeFirst();
  return row ? { personId: row.person_id, membershipId: row.id } : undefined;
}
