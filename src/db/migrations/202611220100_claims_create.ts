import { type Kysely, sql } from 'kysely';

// Claims: the claim with its inputs, regulation and calculation; every transition; the
// documents (content-addressed, stored in the database so they are transactional on both
// engines, deduplicated); payment batches and the bank's confirmations.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence claim_number_seq;

    create table claims (
      id uuid primary key default gen_random_uuid(),
      claim_number text not null unique,
      membership_id uuid not null references memberships (id),
      claim_type text not null check (claim_type in ('JHT_FULL', 'JHT_PARTIAL', 'JKK_MEDICAL',
        'JKK_TEMPORARY_INCAPACITY', 'JKK_PERMANENT_DISABILITY', 'JKK_DEATH', 'JKK_FUNERAL',
        'JKK_RETURN_TO_WORK', 'JKM_LUMP_SUM', 'JKM_PERIODIC', 'JKM_FUNERAL', 'JKM_SCHOLARSHIP',
        'PMI_FAILED_DEPARTURE', 'PMI_FAILED_PLACEMENT', 'PMI_REPATRIATION',
        'PMI_DISMISSAL_AFTER_ACCIDENT', 'PMI_LOSS_ON_WAY_HOME')),
      event_date date not null,
      -- The event the claim is for: the same event is claimed once (claims_event_key).
      event_key text not null,
      status text not null check (status in ('SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPROVED',
        'REJECTED', 'APPEALED', 'PAYMENT_INSTRUCTED', 'PAID')),
      claim_date date not null,
      -- { kind: MEMBER | HEIR, fullName, relationship, nik, phone }: an heir for a death benefit.
      claimant jsonb not null,
      death_benefit boolean not null,
      pay_to jsonb not null,
      facts jsonb not null,
      regulation_id text not null,
      -- Filled by the assessment: the member's facts used, the calculation lines, the total.
      member_facts jsonb,
      calculation jsonb,
      amount bigint check (amount >= 0),
      unconfirmed boolean,
      assessed_by text,
      decided_by text,
      rejection_reason jsonb,
      appeals integer not null default 0 check (appeals between 0 and 1),
      submitted_by text not null,
      submitted_at timestamptz not null,
      sla_due_at timestamptz not null,
      status_changed_at timestamptz not null,
      constraint claims_event_key unique (membership_id, event_key)
    );
    -- The officer's queue: open claims by service-level due time, cursor-paged on (due, id).
    create index claims_queue on claims (sla_due_at, id)
      where status in ('SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED');
    -- The queue filtered by one status.
    create index claims_queue_by_status on claims (status, sla_due_at, id)
      where status in ('SUBMITTED', 'DOCUMENTS_CHECKED', 'ASSESSED', 'APPEALED');
    create index claims_membership on claims (membership_id, submitted_at);
    create index claims_approved on claims (status_changed_at, id) where status = 'APPROVED';
    -- One open JHT claim per account at a time: two cannot race for the same balance.
    create unique index claims_one_open_jht on claims (membership_id)
      where claim_type in ('JHT_FULL', 'JHT_PARTIAL') and status not in ('PAID', 'REJECTED');

    -- Append-only: every transition, by whom, in which role, when.
    create table claim_transitions (
      id bigserial primary key,
      claim_id uuid not null references claims (id),
      from_status text,
      to_status text not null,
      action text not null,
      actor text not null,
      role text not null,
      note text,
      occurred_at timestamptz not null
    );
    create index claim_transitions_claim on claim_transitions (claim_id, id);

    create table document_blobs (
      sha256 char(64) primary key,
      media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
      size integer not null check (size > 0),
      content bytea not null,
      stored_at timestamptz not null default now()
    );

    create table claim_documents (
      id bigserial primary key,
      claim_id uuid not null references claims (id),
      item text not null,
      sha256 char(64) not null references document_blobs (sha256),
      file_name text,
      uploaded_by text not null,
      uploaded_at timestamptz not null,
      constraint claim_documents_once unique (claim_id, item, sha256)
    );

    create sequence claim_batch_number_seq;

    create table claim_payment_batches (
      id uuid primary key default gen_random_uuid(),
      batch_number text not null unique,
      execution_date date not null,
      debtor jsonb not null,
      payments integer not null,
      total bigint not null,
      created_by text not null,
      created_at timestamptz not null
    );

    create table claim_payments (
      id uuid primary key default gen_random_uuid(),
      batch_id uuid not null references claim_payment_batches (id),
      claim_id uuid not null references claims (id),
      end_to_end_id text not null unique,
      amount bigint not null check (amount > 0),
      pay_to jsonb not null,
      status text not null check (status in ('INSTRUCTED', 'PAID', 'RETURNED')),
      bank_reference text,
      settled_on date,
      confirmed_at timestamptz
    );
    create index claim_payments_batch on claim_payments (batch_id);
    -- A claim has at most one payment that is not returned.
    create unique index claim_payments_live on claim_payments (claim_id) where status <> 'RETURNED';
  `.execute(db);
}
