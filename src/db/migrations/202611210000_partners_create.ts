import { type Kysely, sql } from 'kysely';

// The minimal partner registry: enough for a registration channel to name its embassy,
// local partner abroad or LPA. The partner-gateway work grows it (keys, agreements).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partners (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,63}$'),
      name text not null,
      type text not null check (type in ('MINISTRY', 'IMMIGRATION', 'EMBASSY', 'LOCAL_PARTNER',
        'FOREIGN_INSTITUTION', 'SOCIAL_AFFAIRS_BODY', 'BANK', 'PAYMENT_CHANNEL')),
      country char(2) not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}
