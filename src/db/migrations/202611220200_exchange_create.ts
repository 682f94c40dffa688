import { type Kysely, sql } from 'kysely';

// The partner gateway: partners' signing keys and agreements (the registry grows), the
// hash-chained message log, the messages accepted (replay protection and their receipts),
// what the documents produced (presence reports, outreach leads, border crossings) and
// bulk files with their row-by-row report.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table partners
      add column contacts jsonb not null default '[]'::jsonb,
      add column endpoint_url text;

    create table partner_keys (
      kid text primary key check (length(kid) between 1 and 200),
      partner_id uuid not null references partners (id),
      public_jwk jsonb not null,
      valid_from timestamptz not null,
      valid_to timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      check (valid_to is null or valid_to > valid_from)
    );
    create index partner_keys_partner on partner_keys (partner_id);

    create table partner_agreements (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      kind text not null check (kind in ('MOU', 'COOPERATION_AGREEMENT')),
      reference text not null,
      signed_on date not null,
      valid_from date not null,
      valid_to date not null,
      scope text not null,
      permissions jsonb not null,
      status text not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED')),
      suspended_reason text,
      created_at timestamptz not null default now(),
      check (valid_to > valid_from),
      unique (partner_id, reference)
    );
    create index partner_agreements_partner on partner_agreements (partner_id);

    -- Append-only: each entry carries the hash of the one before it.
    create table exchange_log (
      seq bigint primary key,
      logged_at timestamptz not null,
      direction text not null check (direction in ('INBOUND', 'OUTBOUND')),
      kind text not null check (kind in ('REQUEST', 'RESPONSE')),
      partner_code text,
      message_id text,
      document_type text,
      request_id text not null,
      outcome text not null,
      error_code text,
      content_sha256 text not null,
      previous_hash text not null,
      entry_hash text not null
    );
    create index exchange_log_partner on exchange_log (partner_code, seq);
    create table exchange_log_head (
      id boolean primary key default true check (id),
      seq bigint not null,
      entry_hash text not null
    );
    insert into exchange_log_head (id, seq, entry_hash) values (true, 0, repeat('0', 64));

    create function exchange_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'exchange_log is append-only';
    end;
    $$;
    create trigger exchange_log_append_only before update or delete on exchange_log
      for each row execute function exchange_log_refuse_change();

    create table exchange_messages (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      message_id text not null,
      document_type text not null,
      content_sha256 text not null,
      source text not null check (source in ('API', 'FILE')),
      status text not null check (status in ('PROCESSING', 'ACCEPTED')),
      outcome text,
      membership_id uuid,
      result jsonb,
      receipt text,
      received_at timestamptz not null,
      unique (partner_id, message_id)
    );
    create index exchange_messages_partner_type on exchange_messages (partner_id, document_type);

    -- The two high-volume tables (a bulk file writes a row in each per line) carry no
    -- foreign keys: a million per-row key checks would double the import's time; only this
    -- module writes them, from rows it has just joined to their partner and import.
    create table exchange_presence_reports (
      id bigserial primary key,
      partner_id uuid not null,
      message_id text not null,
      membership_id uuid not null,
      country char(2) not null,
      employer_name text,
      contract_start date,
      contract_end date,
      reported_at timestamptz not null
    );
    create index exchange_presence_membership on exchange_presence_reports (membership_id);

    create table exchange_leads (
      id bigserial primary key,
      partner_id uuid not null references partners (id),
      message_id text not null,
      country char(2) not null,
      contact jsonb not null,
      created_at timestamptz not null
    );

    create table exchange_crossings (
      id bigserial primary key,
      partner_id uuid not null references partners (id),
      message_id text not null,
      direction text not null check (direction in ('DEPARTURE', 'ARRIVAL')),
      membership_id uuid,
      passport_country char(2) not null,
      passport_number text not null,
      crossed_on date not null,
      country char(2) not null,
      border_post text,
      protected boolean not null,
      recorded_at timestamptz not null
    );
    create index exchange_crossings_message on exchange_crossings (message_id);
    create index exchange_crossings_unprotected on exchange_crossings (country, crossed_on) where direction = 'DEPARTURE' and not protected;

    -- A strict calendar date check for staged text (PostgreSQL 15 has no pg_input_is_valid).
    create function exchange_is_date(value text) returns boolean language sql immutable parallel safe as $$
      select case when value ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' then
        substr(value, 9, 2)::int <= case substr(value, 6, 2)
          when '02' then case when substr(value, 1, 4)::int % 4 = 0
            and (substr(value, 1, 4)::int % 100 <> 0 or substr(value, 1, 4)::int % 400 = 0) then 29 else 28 end
          when '04' then 30 when '06' then 30 when '09' then 30 when '11' then 30
          else 31 end
        else false end
    $$;

    create table exchange_imports (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      document_type text not null,
      file_name text not null,
      file_sha256 text not null,
      rows integer not null default 0,
      summary jsonb,
      uploaded_by text not null,
      started_at timestamptz not null,
      completed_at timestamptz,
      unique (partner_id, document_type, file_sha256)
    );

    create table exchange_import_rows (
      import_id uuid not null,
      row_number integer not null,
      outcome text not null check (outcome in ('ACCEPTED', 'REJECTED', 'PENDING')),
      effect text,
      membership_id uuid,
      reasons jsonb,
      primary key (import_id, row_number)
    );
  `.execute(db);
}
