import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null,
      password_hash text not null,
      role text not null check (role in ('OFFICER', 'SUPERVISOR', 'PARTNER_USER', 'AUDITOR', 'ADMINISTRATOR')),
      partner_id uuid references partners (id),
      display_name text,
      created_at timestamptz not null default now(),
      disabled_at timestamptz,
      constraint users_partner_user_has_partner check ((role = 'PARTNER_USER') = (partner_id is not null))
    );
    create unique index users_username_key on users (lower(username));

    -- Only a hash of each token is kept: a leaked table opens no session.
    create table sessions (
      token_hash text primary key,
      user_id uuid references users (id),
      membership_id uuid references memberships (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      constraint sessions_one_principal check ((user_id is null) <> (membership_id is null))
    );

    create table login_failures (
      id bigserial primary key,
      subject text not null,
      attempted_at timestamptz not null default now()
    );
    create index login_failures_subject on login_failures (subject, attempted_at);

    create table member_sign_in_codes (
      id uuid primary key default gen_random_uuid(),
      membership_id uuid not null references memberships (id),
      code_hash text not null,
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      consumed_at timestamptz
    );
    create index member_sign_in_codes_membership on member_sign_in_codes (membership_id, created_at);
  `.execute(db);
}
