import { type Kysely, sql } from 'kysely';

// Person, membership and placement are separate records: one person, one membership
// number for life, any number of placements over the years.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table persons (
      id uuid primary key default gen_random_uuid(),
      nik char(16),
      full_name text not null,
      name_normalized text not null,
      birth_date date not null,
      sex char(1) not null check (sex in ('F', 'M')),
      birth_place text,
      nationality char(2) not null,
      phone text,
      email text,
      address jsonb,
      bank_account jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint persons_nik_key unique (nik)
    );
    create index persons_birth_date_name on persons (birth_date, name_normalized);

    -- A renewed passport is a new row; every number ever held stays unique to its holder.
    create table passports (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references persons (id),
      issuing_country char(2) not null,
      number text not null,
      expiry_date date not null,
      recorded_at timestamptz not null default now(),
      constraint passports_issuing_country_number_key unique (issuing_country, number)
    );
    create index passports_person on passports (person_id);

    create sequence membership_number_seq;

    create table memberships (
      id uuid primary key default gen_random_uuid(),
      membership_number char(11) not null unique,
      person_id uuid not null references persons (id),
      segment text not null check (segment in ('PMI', 'BPU', 'PU', 'FOREIGN_WORKER')),
      status text not null check (status in ('REGISTERED', 'ACTIVE', 'LAPSED', 'CLOSED')),
      pmi_phase text check (pmi_phase in ('BEFORE_PLACEMENT', 'DURING_PLACEMENT', 'AFTER_PLACEMENT')),
      registration_channel text not null check (registration_channel in ('SELF_SERVICE_WEB',
        'SELF_SERVICE_APP', 'EMBASSY_DESK', 'LOCAL_PARTNER', 'FOREIGN_MINISTRY_SELF_REPORT',
        'CONTRACT_EXTENSION_ABROAD', 'LPA', 'OFFICER')),
      channel_partner_id uuid references partners (id),
      registered_by text not null,
      occupation text,
      declared_monthly_income bigint check (declared_monthly_income > 0),
      employer_name text,
      monthly_wage bigint check (monthly_wage > 0),
      work_permit_number text,
      registered_at timestamptz not null default now(),
      status_changed_at timestamptz not null default now(),
      constraint memberships_person_key unique (person_id),
      constraint memberships_phase_only_for_pmi check ((segment = 'PMI') = (pmi_phase is not null))
    );
    create index memberships_channel_partner on memberships (channel_partner_id, registered_at);

    create table placements (
      id uuid primary key default gen_random_uuid(),
      membership_id uuid not null references memberships (id),
      destination_country char(2) not null,
      employer_name text,
      employer_address text,
      occupation text,
      placement_route text not null check (placement_route in ('PLACEMENT_EXECUTOR', 'INDIVIDUAL')),
      placement_agency text,
      contract_start date not null,
      contract_end date not null,
      previous_placement_id uuid references placements (id),
      ended_on date,
      end_reason text check (end_reason in ('MOVED', 'RETURNED', 'CLOSED')),
      created_at timestamptz not null default now(),
      constraint placements_contract_dates check (contract_end > contract_start),
      constraint placements_end_has_reason check ((ended_on is null) = (end_reason is null))
    );
    create index placements_membership on placements (membership_id);
    -- At most one placement is open at a time: a move ends the old one first.
    create unique index placements_one_open on placements (membership_id) where ended_on is null;

    create table contract_extensions (
      id uuid primary key default gen_random_uuid(),
      placement_id uuid not null references placements (id),
      previous_end date not null,
      new_end date not null,
      channel text not null,
      channel_partner_id uuid references partners (id),
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      check (new_end > previous_end)
    );
    create index contract_extensions_placement on contract_extensions (placement_id);

    create table membership_status_history (
      id bigserial primary key,
      membership_id uuid not null references memberships (id),
      status text not null,
      reason text,
      changed_by text not null,
      changed_at timestamptz not null default now()
    );
    create index membership_status_history_membership on membership_status_history (membership_id, id);

    -- Append-only: every change to a member, with who made it. Never updated or deleted.
    create table member_events (
      id bigserial primary key,
      membership_id uuid not null references memberships (id),
      type text not null,
      data jsonb not null,
      actor text not null,
      occurred_at timestamptz not null default now()
    );
    create index member_events_membership on member_events (membership_id, id);
  `.execute(db);
}
