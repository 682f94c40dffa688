import { type Kysely, sql } from 'kysely';

// Who saw or changed which member's personal data (UU 27/2022): append-only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table access_log (
      id bigserial primary key,
      actor text not null,
      action text not null,
      membership_id uuid,
      request_id text,
      at timestamptz not null default now()
    );
    create index access_log_membership on access_log (membership_id, at);
  `.execute(db);
}
