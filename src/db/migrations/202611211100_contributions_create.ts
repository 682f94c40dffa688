import { type Kysely, sql } from 'kysely';

// Billing, payments and coverage. Bills keep the quote they were issued from (lines,
// regulation, coverage plan), so a bill reads the same on any later day.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table payment_channels (
      code text primary key check (code ~ '^[A-Z0-9][A-Z0-9_-]{1,63}$'),
      name text not null,
      kind text not null check (kind in ('VIRTUAL_ACCOUNT', 'REMITTANCE_ABROAD', 'OVER_THE_COUNTER', 'GOVERNMENT_TRANSFER')),
      partner_id uuid references partners (id),
      currency char(3) not null default 'IDR',
      -- HMAC key for the channel's signed notifications.
      webhook_secret text not null,
      created_at timestamptz not null default now()
    );

    -- Contribution assistance (Bantuan Iuran): a government program pays for a cohort.
    create table assistance_cohorts (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      payer_partner_id uuid not null references partners (id),
      monthly_amounts jsonb not null,
      valid_from date not null,
      valid_to date,
      created_at timestamptz not null default now()
    );
    create table cohort_members (
      cohort_id uuid not null references assistance_cohorts (id),
      membership_id uuid not null references memberships (id),
      enrolled_from date not null,
      enrolled_to date,
      primary key (cohort_id, membership_id)
    );
    create index cohort_members_membership on cohort_members (membership_id);

    create sequence bill_number_seq;
    create table bills (
      id uuid primary key default gen_random_uuid(),
      bill_number text not null unique,
      membership_id uuid references memberships (id),
      cohort_id uuid references assistance_cohorts (id),
      kind text not null check (kind in ('PMI_BEFORE_PLACEMENT', 'PMI_PLACEMENT', 'PMI_EXTENSION', 'MONTHLY', 'COHORT_MONTHLY')),
      payer_type text not null check (payer_type in ('WORKER', 'EMPLOYER', 'PLACEMENT_AGENCY', 'GOVERNMENT_PROGRAM')),
      payer_name text,
      regulation_id text not null,
      lines jsonb not null,
      coverage jsonb not null,
      period_from date not null,
      period_to date not null,
      amount bigint not null check (amount > 0),
      paid_amount bigint not null default 0 check (paid_amount >= 0 and paid_amount <= amount),
      status text not null check (status in ('OPEN', 'PAID', 'CANCELLED')),
      due_date date not null,
      issued_at timestamptz not null,
      paid_at timestamptz,
      cancelled_at timestamptz,
      -- What the bill is for (e.g. a placement): never billed twice while a bill stands.
      billing_key text not null,
      constraint bills_for_member_or_cohort check ((membership_id is null) <> (cohort_id is null)),
      constraint bills_paid_when_full check ((status = 'PAID') = (paid_amount = amount))
    );
    create unique index bills_billing_key on bills (billing_key) where status <> 'CANCELLED';
    create index bills_membership on bills (membership_id, period_from);
    create index bills_cohort on bills (cohort_id, period_from);
    -- The members a cohort bill pays for, fixed when it is issued.
    create table bill_members (
      bill_id uuid not null references bills (id),
      membership_id uuid not null references memberships (id),
      primary key (bill_id, membership_id)
    );
    create index bills_open_due on bills (due_date) where status = 'OPEN';

    create table payments (
      id uuid primary key default gen_random_uuid(),
      channel_code text not null references payment_channels (code),
      channel_reference text not null,
      bill_id uuid references bills (id),
      amount bigint not null check (amount > 0),
      currency char(3) not null default 'IDR',
      original_amount bigint,
      exchange_rate numeric,
      rate_date date,
      paid_at timestamptz not null,
      received_at timestamptz not null default now(),
      source text not null check (source in ('NOTIFICATION', 'STATEMENT', 'DESK')),
      outcome text not null check (outcome in ('ALLOCATED', 'UNMATCHED')),
      outcome_detail text,
      recorded_by text not null,
      constraint payments_channel_reference_key unique (channel_code, channel_reference),
      constraint payments_foreign_amount check ((currency = 'IDR') = (original_amount is null))
    );
    create index payments_bill on payments (bill_id);
    create index payments_received on payments (received_at);

    -- Where every rupiah of a payment went: bill lines, or the member's credit.
    create table payment_allocations (
      id bigserial primary key,
      payment_id uuid not null references payments (id),
      bill_id uuid references bills (id),
      line_code text not null,
      program text,
      amount bigint not null check (amount > 0)
    );
    create index payment_allocations_payment on payment_allocations (payment_id);

    create table coverage_periods (
      id bigserial primary key,
      membership_id uuid not null references memberships (id),
      program text not null check (program in ('JKK', 'JKM', 'JHT', 'JP', 'JKP')),
      covered_from date not null,
      covered_to date not null,
      bill_id uuid not null references bills (id),
      payment_id uuid not null references payments (id),
      check (covered_to >= covered_from)
    );
    create index coverage_periods_lookup on coverage_periods (membership_id, program, covered_to);

    -- One reminder per member and coverage end, however often the job runs.
    create table coverage_reminders (
      membership_id uuid not null references memberships (id),
      covered_to date not null,
      sent_at timestamptz not null,
      primary key (membership_id, covered_to)
    );

    create table statement_imports (
      id uuid primary key default gen_random_uuid(),
      channel_code text not null references payment_channels (code),
      statement_date date not null,
      file_sha256 text not null,
      rows integer not null,
      summary jsonb not null,
      imported_by text not null,
      imported_at timestamptz not null default now(),
      -- Null while the file is being applied; an import interrupted before this is set is
      -- redone from its staged rows when the same file is sent again.
      completed_at timestamptz,
      constraint statement_imports_file_key unique (channel_code, file_sha256)
    );
    -- A statement's rows as read, before they are applied set-wise.
    create table statement_staging (
      import_id uuid not null references statement_imports (id),
      line_number integer not null,
      channel_reference text not null,
      bill_number text not null,
      amount bigint not null,
      paid_at timestamptz not null,
      primary key (import_id, line_number)
    );
    create table statement_lines (
      import_id uuid not null references statement_imports (id),
      line_number integer not null,
      channel_reference text,
      bill_number text,
      amount bigint,
      paid_at timestamptz,
      outcome text not null check (outcome in ('MATCHED', 'POSTED', 'DUPLICATE', 'AMOUNT_DIFFERS', 'UNMATCHED', 'INVALID')),
      detail text,
      payment_id uuid references payments (id),
      primary key (import_id, line_number)
    );
  `.execute(db);
}
