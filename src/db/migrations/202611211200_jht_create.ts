import { type Kysely, sql } from 'kysely';

// The JHT (old-age savings) account: an append-only ledger of signed rupiah entries, and
// one row per yearly yield posting recording the rate it used. Neither is ever updated or
// deleted; a mistake is fixed by a CORRECTION entry that references the entry it corrects.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table jht_ledger (
      id bigserial primary key,
      membership_id uuid not null references memberships (id),
      entry_type text not null check (entry_type in ('CONTRIBUTION', 'YIELD', 'WITHDRAWAL', 'CORRECTION')),
      -- Rupiah: credits positive, withdrawals negative, a correction either way.
      amount bigint not null,
      value_date date not null,
      -- Idempotency key of the posting: 'payment:<id>:JHT', 'yield:2025', 'claim:<id>'.
      reference text not null check (length(reference) between 1 and 200),
      corrects_entry_id bigint,
      note text,
      recorded_by text not null,
      recorded_at timestamptz not null default now(),
      constraint jht_ledger_reference_key unique (membership_id, reference),
      constraint jht_ledger_account_entry_key unique (membership_id, id),
      -- A correction references an entry of the same account.
      constraint jht_ledger_corrects_entry foreign key (membership_id, corrects_entry_id) references jht_ledger (membership_id, id),
      constraint jht_ledger_amount_sign check (
        (entry_type in ('CONTRIBUTION', 'YIELD') and amount > 0)
        or (entry_type = 'WITHDRAWAL' and amount < 0)
        or (entry_type = 'CORRECTION' and amount <> 0)),
      constraint jht_ledger_correction_references_entry check ((entry_type = 'CORRECTION') = (corrects_entry_id is not null))
    );
    create index jht_ledger_balance on jht_ledger (membership_id, value_date);
    create index jht_ledger_corrections on jht_ledger (corrects_entry_id) where corrects_entry_id is not null;

    create table jht_yield_postings (
      year integer primary key check (year between 1900 and 9999),
      rate_basis_points integer not null check (rate_basis_points >= 0),
      rate_status text not null check (rate_status in ('CONFIRMED', 'SECONDARY', 'UNCONFIRMED')),
      rate_source text not null,
      accounts integer not null check (accounts >= 0),
      total bigint not null check (total >= 0),
      posted_by text not null,
      posted_at timestamptz not null default now()
    );

    create function jht_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op
        using hint = 'Record a CORRECTION entry that references the entry instead of changing or removing it.';
    end
    $$;
    create trigger jht_ledger_append_only before update or delete on jht_ledger
      for each row execute function jht_refuse_change();
    create trigger jht_ledger_no_truncate before truncate on jht_ledger
      for each statement execute function jht_refuse_change();
    create trigger jht_yield_postings_append_only before update or delete on jht_yield_postings
      for each row execute function jht_refuse_change();
    create trigger jht_yield_postings_no_truncate before truncate on jht_yield_postings
      for each statement execute function jht_refuse_change();
  `.execute(db);
}
