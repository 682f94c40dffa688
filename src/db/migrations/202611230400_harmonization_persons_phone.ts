import { type Kysely, sql } from 'kysely';

// Online matching also looks for persons by phone: a worker who reports without a NIK,
// with a renewed passport and a birth date written wrongly is often still reachable at the
// number they registered with. Phones are stored in E.164; a line is compared by its last
// nine digits (comparisons.ts phoneKey), whatever prefix a partner wrote, so that is what
// is indexed. Only persons with a phone are.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index persons_phone_line on persons (right(phone, 9)) where phone is not null`.execute(db);
}
