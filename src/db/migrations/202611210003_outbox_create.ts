import { type Kysely, sql } from 'kysely';

// The transactional outbox: written in the same transaction as the change it announces,
// delivered by a worker with retries; messages that keep failing become dead letters.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outbox (
      id bigserial primary key,
      topic text not null,
      payload jsonb not null,
      status text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'DEAD')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz
    );
    create index outbox_due on outbox (next_attempt_at) where status = 'PENDING';
    create index outbox_dead on outbox (id) where status = 'DEAD';
  `.execute(db);
}
