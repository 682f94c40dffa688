import { type Kysely, sql } from 'kysely';

// Harmonization: records of people from partners (any source: gateway documents, files,
// the legacy consortia's policies) staged in one shape, the linkage models with their
// versions, linkage runs, each partner record's link decision with its explanation
// (one per record), officers' decisions kept as labels, merges of person identities
// (reversible: a merge is undone by marking it, never by deleting), duplicate pairs in
// the register, per-run findings, the legacy policies, and an append-only audit.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partner_records (
      id uuid primary key default gen_random_uuid(),
      source_type text not null check (source_type in
        ('SELF_REPORT', 'CONTRACT_EXTENSION', 'DEPARTURE', 'ARRIVAL', 'PARTNER_REGISTRATION', 'EMBASSY_REGISTRATION', 'LEGACY_POLICY', 'FILE')),
      partner_id uuid references partners (id),
      -- The record's own identifier at its source (a message id, a row number, a policy number).
      source_reference text not null check (length(source_reference) between 1 and 200),
      nik text,
      full_name text,
      birth_date date,
      sex text check (sex in ('F', 'M')),
      passport_number text,
      phone text,
      destination_country char(2),
      birth_region char(4),
      details jsonb not null default '{}'::jsonb,
      received_at timestamptz not null default now()
    );
    create unique index partner_records_source_key
      on partner_records (source_type, coalesce(partner_id, '00000000-0000-0000-0000-000000000000'::uuid), source_reference);
    create index partner_records_nik on partner_records (nik) where nik is not null;

    create table linkage_models (
      version serial primary key,
      parameters jsonb not null,
      estimated_from jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now()
    );

    create table linkage_runs (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('PARTNER_RECORDS', 'REGISTER_DUPLICATES')),
      status text not null check (status in ('RUNNING', 'COMPLETED')),
      model_version integer references linkage_models (version),
      counts jsonb,
      started_by text not null,
      started_at timestamptz not null default now(),
      completed_at timestamptz
    );
    -- One run at a time: a second one waits for (or resumes) the first.
    create unique index linkage_runs_one_running on linkage_runs ((true)) where status = 'RUNNING';

    -- Written while a run computes, applied in one transaction, then cleared.
    create table linkage_run_results (
      run_id uuid not null references linkage_runs (id),
      partner_record_id uuid not null,
      person_id uuid,
      decision text not null check (decision in ('LINKED', 'REVIEW', 'NEW')),
      match_weight double precision,
      explanation jsonb,
      primary key (run_id, partner_record_id)
    );

    create table record_links (
      partner_record_id uuid primary key references partner_records (id),
      person_id uuid references persons (id),
      decision text not null check (decision in ('LINKED', 'REVIEW', 'NEW', 'CONFIRMED', 'REJECTED')),
      match_weight double precision,
      explanation jsonb,
      model_version integer references linkage_models (version),
      run_id uuid references linkage_runs (id),
      decided_by text not null,
      decided_at timestamptz not null,
      check ((decision = 'NEW') = (person_id is null) or decision = 'REJECTED')
    );
    create index record_links_person on record_links (person_id) where person_id is not null;
    create index record_links_review on record_links (decision, match_weight desc) where decision = 'REVIEW';

    create table review_labels (
      id bigserial primary key,
      partner_record_id uuid not null references partner_records (id),
      person_id uuid not null references persons (id),
      is_match boolean not null,
      decided_by text not null,
      decided_at timestamptz not null
    );
    create index review_labels_record on review_labels (partner_record_id);

    create table person_merges (
      id uuid primary key default gen_random_uuid(),
      person_id uuid not null references persons (id),
      into_person_id uuid not null references persons (id),
      reason text not null check (length(reason) between 1 and 500),
      merged_by text not null,
      merged_at timestamptz not null,
      unmerged_by text,
      unmerged_at timestamptz,
      unmerge_reason text,
      check (person_id <> into_person_id),
      check ((unmerged_at is null) = (unmerged_by is null))
    );
    -- A person is merged into at most one other at a time.
    create unique index person_merges_active on person_merges (person_id) where unmerged_at is null;
    create index person_merges_into on person_merges (into_person_id) where unmerged_at is null;

    create table duplicate_pairs (
      person_id uuid not null references persons (id),
      other_person_id uuid not null references persons (id),
      match_weight double precision not null,
      explanation jsonb not null,
      run_id uuid not null references linkage_runs (id),
      status text not null default 'OPEN' check (status in ('OPEN', 'MERGED', 'DISMISSED')),
      primary key (person_id, other_person_id),
      check (person_id < other_person_id)
    );

    create table linkage_findings (
      id bigserial primary key,
      run_id uuid not null references linkage_runs (id),
      partner_record_id uuid references partner_records (id),
      person_id uuid references persons (id),
      kind text not null,
      detail jsonb not null default '{}'::jsonb
    );
    create index linkage_findings_run on linkage_findings (run_id, kind);

    create table legacy_policies (
      id uuid primary key default gen_random_uuid(),
      consortium text not null check (consortium in ('JASINDO', 'ASTINDO', 'MITRA_TKI')),
      policy_number text not null,
      partner_record_id uuid not null references partner_records (id),
      cover_from date not null,
      cover_to date not null,
      destination_country char(2),
      imported_by text not null,
      imported_at timestamptz not null default now(),
      unique (consortium, policy_number),
      check (cover_to >= cover_from)
    );

    create table harmonization_audit (
      id bigserial primary key,
      action text not null,
      subject jsonb not null,
      actor text not null,
      occurred_at timestamptz not null
    );
    create function harmonization_audit_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'harmonization_audit is append-only';
    end;
    $$;
    create trigger harmonization_audit_append_only before update or delete on harmonization_audit
      for each row execute function harmonization_audit_refuse_change();
  `.execute(db);
}
