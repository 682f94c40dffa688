import { type Kysely, sql } from 'kysely';

// A phone number confirmed with a one-time code before a worker registers themselves.
// Only hashes of the code and of the registration token are kept.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table phone_confirmations (
      id uuid primary key default gen_random_uuid(),
      phone text not null,
      code_hash text not null,
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      confirmed_at timestamptz,
      token_hash text unique,
      token_expires_at timestamptz,
      used_at timestamptz,
      membership_number text,
      constraint phone_confirmations_token_after_confirmation check ((token_hash is null) = (confirmed_at is null))
    );
    create index phone_confirmations_phone on phone_confirmations (phone, created_at);
  `.execute(db);
}
