import { type Kysely, sql } from 'kysely';

// Statement posting looks for the JHT shares of the payments it made; few allocations are
// JHT, so a partial index finds them without reading the others.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index payment_allocations_jht on payment_allocations (payment_id) where program = 'JHT'`.execute(db);
}
