import { type Kysely, sql } from 'kysely';

// Posting a statement writes several rows per payment (payment, allocation, two coverage
// periods), and a foreign key checks each of them on its own: a lookup of the parent row
// and a lock on it, which is WAL-logged and dirties the parent's page.
//
// The references stay guaranteed, checked per statement instead of per row: an AFTER …
// FOR EACH STATEMENT trigger sees all the rows the statement wrote (a transition table)
// and looks their parents up in one outer join, keeping the first row without a parent.
// The planner picks the join for the statement's size (EXECUTE: planned on each call), so
// a webhook's one-row insert probes an index and a statement's many rows are hashed
// against one sequential read of the parent (probing, at a million rows, reads the
// parent's pages in random order). A DISTINCT over a transition table is estimated from
// defaults (200 groups of one column, whatever the row count), which plans probes: it is
// used only where rows repeat their parents. A failure is raised as the foreign key did,
// with SQLSTATE 23503 and the constraint's name.
//
// At 100,000 payments the per-row checks took 7.6 s of a 14.4 s posting (EXPLAIN ANALYZE).
//
// A foreign key also protects the other side: the parent cannot go while referenced. These
// parents (payments, bills, statement imports, payment channels) are records that are never
// deleted (money stays traceable; a bill is cancelled, not deleted), so the database now
// refuses to delete them or change their keys at all, which also leaves no race between a
// new child row and a deleted parent (the lock a foreign key takes was there for that).
//
// Two references are checked more strictly than before. A coverage period's member must be
// the bill's member, or one the (cohort) bill pays for, not merely some existing member (the
// member exists: bills and bill_members reference memberships with foreign keys). An
// allocation's bill must be its payment's bill, not merely some existing bill.
//
// Also, two indexes that every posted payment paid for and nothing needed: bills of one
// member have no cohort, so bills_cohort indexes only cohort bills (a member's bill no
// longer adds, and when paid re-adds, a null entry); and payments_received, read by no
// query, gives way to the index the reconciliation's MISSING_FROM_STATEMENT count reads.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payments
      drop constraint payments_channel_code_fkey,
      drop constraint payments_bill_id_fkey;
    alter table payment_allocations
      drop constraint payment_allocations_payment_id_fkey,
      drop constraint payment_allocations_bill_id_fkey;
    alter table coverage_periods
      drop constraint coverage_periods_membership_id_fkey,
      drop constraint coverage_periods_bill_id_fkey,
      drop constraint coverage_periods_payment_id_fkey;
    alter table statement_lines
      drop constraint statement_lines_import_id_fkey,
      drop constraint statement_lines_payment_id_fkey;
    alter table statement_staging
      drop constraint statement_staging_import_id_fkey;

    -- Raised when a statement wrote a row whose parent is missing. (The orphan is found in
    -- the trigger function itself: a transition table is visible only there.)
    create function contributions_refuse_orphan(orphan text, table_name text, constraint_name text) returns void
    language plpgsql as $$
    begin
      raise exception 'insert or update on table "%" violates foreign key constraint "%"', table_name, constraint_name
        using errcode = 'foreign_key_violation', constraint = constraint_name, table = table_name,
          detail = format('Key %s is not present in its parent table.', orphan);
    end
    $$;

    create function contributions_check_payment_references() returns trigger language plpgsql as $$
    declare
      orphan text;
    begin
      execute 'select n.channel_code from (select distinct channel_code from new_rows) n
          where not exists (select 1 from payment_channels c where c.code = n.channel_code) limit 1' into orphan;
      if orphan is not null then perform contributions_refuse_orphan(orphan, 'payments', 'payments_channel_code_fkey'); end if;
      execute 'select min(n.bill_id::text) filter (where b.id is null)
        from new_rows n left join bills b on b.id = n.bill_id where n.bill_id is not null' into orphan;
      if orphan is not null then perform contributions_refuse_orphan(orphan, 'payments', 'payments_bill_id_fkey'); end if;
      return null;
    end
    $$;
    create trigger payments_references_on_insert after insert on payments
      referencing new table as new_rows for each statement execute function contributions_check_payment_references();
    create trigger payments_references_on_update after update on payments
      referencing new table as new_rows for each statement execute function contributions_check_payment_references();

    -- An allocation spreads its payment over the payment's own bill: checked against the
    -- payment row, which implies the bill (payments.bill_id is checked above).
    create function contributions_check_allocation_references() returns trigger language plpgsql as $$
    declare
      orphan text;
    begin
      execute 'select min(n.payment_id::text) filter (where p.id is null or p.bill_id is distinct from n.bill_id)
        from (select distinct payment_id, bill_id from new_rows) n left join payments p on p.id = n.payment_id' into orphan;
      if orphan is not null then perform contributions_refuse_orphan(orphan, 'payment_allocations', 'payment_allocations_payment_bill_fkey'); end if;
      return null;
    end
    $$;
    create trigger payment_allocations_references_on_insert after insert on payment_allocations
      referencing new table as new_rows for each statement execute function contributions_check_allocation_references();
    create trigger payment_allocations_references_on_update after update on payment_allocations
      referencing new table as new_rows for each statement execute function contributions_check_allocation_references();

    -- A paid bill gives each of its members a period per program: the same payment, bill
    -- and member on several rows, looked up once.
    create function contributions_check_coverage_references() returns trigger language plpgsql as $$
    declare
      orphan text;
    begin
      execute 'select min(case when p.id is null then ''payment '' || n.payment_id
                               else ''bill '' || n.bill_id || '' / member '' || n.membership_id end)
          filter (where p.id is null or b.id is null or (b.membership_id is distinct from n.membership_id
            and not exists (select 1 from bill_members bm where bm.bill_id = n.bill_id and bm.membership_id = n.membership_id)))
        from (select distinct payment_id, bill_id, membership_id from new_rows) n
        left join payments p on p.id = n.payment_id
        left join bills b on b.id = n.bill_id' into orphan;
      if orphan like 'payment %' then perform contributions_refuse_orphan(orphan, 'coverage_periods', 'coverage_periods_payment_id_fkey'); end if;
      if orphan is not null then perform contributions_refuse_orphan(orphan, 'coverage_periods', 'coverage_periods_bill_member_fkey'); end if;
      return null;
    end
    $$;
    create trigger coverage_periods_references_on_insert after insert on coverage_periods
      referencing new table as new_rows for each statement execute function contributions_check_coverage_references();
    create trigger coverage_periods_references_on_update after update on coverage_periods
      referencing new table as new_rows for each statement execute function contributions_check_coverage_references();

    create function contributions_check_statement_line_references() returns trigger language plpgsql as $$
    declare
      orphan text;
    begin
      execute 'select n.import_id::text from (select distinct import_id from new_rows) n
          where not exists (select 1 from statement_imports i where i.id = n.import_id) limit 1' into orphan;
      if orphan is not null then perform contributions_refuse_orphan(orphan, tg_table_name, tg_table_name || '_import_id_fkey'); end if;
      if tg_table_name = 'statement_lines' then
        execute 'select min(n.payment_id::text) filter (where p.id is null)
          from (select distinct payment_id from new_rows where payment_id is not null) n left join payments p on p.id = n.payment_id' into orphan;
        if orphan is not null then perform contributions_refuse_orphan(orphan, 'statement_lines', 'statement_lines_payment_id_fkey'); end if;
      end if;
      return null;
    end
    $$;
    create trigger statement_lines_references_on_insert after insert on statement_lines
      referencing new table as new_rows for each statement execute function contributions_check_statement_line_references();
    create trigger statement_lines_references_on_update after update on statement_lines
      referencing new table as new_rows for each statement execute function contributions_check_statement_line_references();
    create trigger statement_staging_references_on_insert after insert on statement_staging
      referencing new table as new_rows for each statement execute function contributions_check_statement_line_references();
    create trigger statement_staging_references_on_update after update on statement_staging
      referencing new table as new_rows for each statement execute function contributions_check_statement_line_references();

    -- The parents: never deleted, keys never changed.
    create function contributions_refuse_parent_change() returns trigger language plpgsql as $$
    begin
      raise exception '% rows are kept for good: % refused', tg_table_name, tg_op
        using errcode = 'restrict_violation', table = tg_table_name,
          hint = 'Payments, bills, statement imports and payment channels stay traceable: cancel or correct them instead.';
    end
    $$;
    create trigger payments_kept before delete or truncate on payments
      for each statement execute function contributions_refuse_parent_change();
    create trigger payments_key_kept before update of id on payments
      for each row when (old.id is distinct from new.id) execute function contributions_refuse_parent_change();
    create trigger bills_kept before delete or truncate on bills
      for each statement execute function contributions_refuse_parent_change();
    create trigger bills_key_kept before update of id, membership_id on bills
      for each row when (old.id is distinct from new.id or old.membership_id is distinct from new.membership_id)
      execute function contributions_refuse_parent_change();
    create trigger statement_imports_kept before delete or truncate on statement_imports
      for each statement execute function contributions_refuse_parent_change();
    create trigger statement_imports_key_kept before update of id on statement_imports
      for each row when (old.id is distinct from new.id) execute function contributions_refuse_parent_change();
    create trigger payment_channels_kept before delete or truncate on payment_channels
      for each statement execute function contributions_refuse_parent_change();
    create trigger payment_channels_key_kept before update of code on payment_channels
      for each row when (old.code is distinct from new.code) execute function contributions_refuse_parent_change();

    drop index bills_cohort;
    create index bills_cohort on bills (cohort_id, period_from) where cohort_id is not null;

    -- Nothing reads payments by received_at. What a statement's reconciliation reads is the
    -- channel's payments of the day that did not come from a statement (to count those the
    -- file leaves out): index only those, so a statement's own payments add no entry.
    drop index payments_received;
    create index payments_channel_day on payments (channel_code, ((paid_at at time zone 'Asia/Jakarta')::date))
      where source <> 'STATEMENT';
  `.execute(db);
}
