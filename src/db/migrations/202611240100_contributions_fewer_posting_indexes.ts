import { type Kysely, sql } from 'kysely';

// Every payment a statement posts writes an entry into each index of the tables it fills:
// a payment, its allocation and two coverage periods wrote nine. Three of them served no
// query, and on the embedded database (one thread, WebAssembly) an index entry costs about
// as much as the row itself.
//   - payments_bill: nothing reads payments by their bill (a bill's payments show in its
//     paid amount and allocations; a bill is cancelled only while nothing is paid on it).
//   - payment_allocations: a payment's allocations are read by payment; the primary key
//     now starts with the payment, which makes the separate index on it redundant.
//   - coverage_periods: read by member and program, newest end first (coverageOn, the
//     lapse run); the primary key now is that order, with the id keeping it unique, which
//     makes coverage_periods_lookup redundant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index payments_bill;

    alter table payment_allocations drop constraint payment_allocations_pkey,
      add constraint payment_allocations_pkey primary key (payment_id, id);
    drop index payment_allocations_payment;

    alter table coverage_periods drop constraint coverage_periods_pkey,
      add constraint coverage_periods_pkey primary key (membership_id, program, covered_to, id);
    drop index coverage_periods_lookup;
  `.execute(db);
}
