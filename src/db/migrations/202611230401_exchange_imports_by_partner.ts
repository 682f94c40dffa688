import { type Kysely, sql } from 'kysely';

// A partner's console lists its own uploads, newest first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index exchange_imports_partner_started on exchange_imports (partner_id, started_at desc, id desc)`.execute(db);
}
