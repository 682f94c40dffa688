import type { Generated } from 'kysely';
import type { FigureStatus, JhtEntryType } from './rules.ts';

export interface JhtTables {
  /** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
  jht_ledger: {
    id: Generated<number>;
    membership_id: string;
    entry_type: JhtEntryType;
    amount: number;
    value_date: string;
    reference: string;
    corrects_entry_id: number | null;
    note: string | null;
    recorded_by: string;
    recorded_at: Generated<Date>;
  };
  /** One row per yearly yield posting, with the rate it used. Append-only. */
  jht_yield_postings: {
    year: number;
    rate_basis_points: number;
    rate_status: FigureStatus;
    rate_source: string;
    accounts: number;
    total: number;
    posted_by: string;
    posted_at: Generated<Date>;
  };
}
