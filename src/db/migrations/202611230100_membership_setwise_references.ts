import { type Kysely, sql } from 'kysely';

// A statement file that completes a million bills activates up to a million memberships:
// one status-history row and one member event each. Their foreign keys to memberships
// were checked row by row (a lookup and a lock on the membership, WAL-logged, dirtying its
// page again right after the status update): 2.5 s for 200,000 activations (EXPLAIN
// ANALYZE), against about 0.5 s for the two checks below.
//
// As for the statement tables (202611220400), the reference is now checked per statement:
// an AFTER … FOR EACH STATEMENT trigger looks the written rows' memberships up in one
// outer join (a one-row insert probes the primary key; many rows are hashed against one
// read of memberships) and fails, as the foreign key did, with SQLSTATE 23503 and the
// constraint's old name. The other side of a foreign key — the membership cannot go while
// referenced — is kept by refusing to delete memberships or change their ids at all: a
// membership is closed, never deleted (the number is for life), and other tables still
// reference memberships with ordinary foreign keys.
//
// The status change itself rewrites every index of memberships when the new row version
// does not fit on its page (a freshly filled page has no room): a fill factor leaves room
// on each page, so that a status change is a heap-only (HOT) update, as no index covers
// the status. Half a page, because a statement activates every member on a page in one
// transaction (space freed by earlier versions is reusable only after it): 0.7 s instead of
// 2.8–4 s for 200,000 activations, for a memberships table twice the size. Pages keep the
// room they had when written: this applies to memberships registered from now on.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table membership_status_history drop constraint membership_status_history_membership_id_fkey;
    alter table member_events drop constraint member_events_membership_id_fkey;

    create function membership_check_references() returns trigger language plpgsql as $$
    declare
      orphan text;
    begin
      execute 'select min(n.membership_id::text) filter (where m.id is null)
        from new_rows n left join memberships m on m.id = n.membership_id' into orphan;
      if orphan is not null then
        raise exception 'insert or update on table "%" violates foreign key constraint "%"', tg_table_name, tg_table_name || '_membership_id_fkey'
          using errcode = 'foreign_key_violation', constraint = tg_table_name || '_membership_id_fkey', table = tg_table_name,
            detail = format('Key (membership_id)=(%s) is not present in table "memberships".', orphan);
      end if;
      return null;
    end
    $$;
    create trigger membership_status_history_references_on_insert after insert on membership_status_history
      referencing new table as new_rows for each statement execute function membership_check_references();
    create trigger membership_status_history_references_on_update after update on membership_status_history
      referencing new table as new_rows for each statement execute function membership_check_references();
    create trigger member_events_references_on_insert after insert on member_events
      referencing new table as new_rows for each statement execute function membership_check_references();
    create trigger member_events_references_on_update after update on member_events
      referencing new table as new_rows for each statement execute function membership_check_references();

    create function membership_refuse_removal() returns trigger language plpgsql as $$
    begin
      raise exception 'memberships are kept for good: % refused', tg_op
        using errcode = 'restrict_violation', table = 'memberships',
          hint = 'A membership number is for life: close the membership instead.';
    end
    $$;
    create trigger memberships_kept before delete or truncate on memberships
      for each statement execute function membership_refuse_removal();
    -- AFTER, not BEFORE: a BEFORE … FOR EACH ROW trigger on UPDATE makes every update lock
    -- its row first (one more WAL record per row), whether or not the trigger then fires;
    -- an AFTER trigger's WHEN is tested without.
    create trigger memberships_key_kept after update of id on memberships
      for each row when (old.id is distinct from new.id) execute function membership_refuse_removal();

    alter table memberships set (fillfactor = 50);
  `.execute(db);
}
