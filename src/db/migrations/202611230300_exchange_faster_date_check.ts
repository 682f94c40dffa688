import { type Kysely, sql } from 'kysely';

/** Every month-day of a leap year, 01-01 to 12-31, as 'MM-DD'. */
function monthDays(): string[] {
  const days: string[] = [];
  for (let at = Date.UTC(2000, 0, 1); at < Date.UTC(2001, 0, 1); at += 86_400_000) days.push(new Date(at).toISOString().slice(5, 10));
  return days;
}

// The strict calendar date check of staged file cells, without regular expressions: a bulk
// file checks up to four dates a row, and a call to PostgreSQL's regex engine costs about a
// microsecond. The shape is a LIKE, the year's digits an ltrim, month and day one lookup in
// the constant list of the 366 month-days (PostgreSQL hashes a long constant list once per
// statement), and February 29 needs a leap year. The same answers as before, null included.
export async function up(db: Kysely<unknown>): Promise<void> {
  const list = `{${monthDays().join(',')}}`;
  await sql`
    create or replace function exchange_is_date(value text) returns boolean language sql immutable parallel safe as $$
      select coalesce(value like '____-__-__' and ltrim(substr(value, 1, 4), '0123456789') = ''
        and substr(value, 6, 5) = any(${sql.raw(`'${list}'`)}::text[])
        and (substr(value, 6, 5) <> '02-29' or (substr(value, 1, 4)::int % 4 = 0
          and (substr(value, 1, 4)::int % 100 <> 0 or substr(value, 1, 4)::int % 400 = 0))), false)
    $$;
  `.execute(db);
}
