import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export type ChannelKind = 'VIRTUAL_ACCOUNT' | 'REMITTANCE_ABROAD' | 'OVER_THE_COUNTER' | 'GOVERNMENT_TRANSFER';
export type BillKind = 'PMI_BEFORE_PLACEMENT' | 'PMI_PLACEMENT' | 'PMI_EXTENSION' | 'MONTHLY' | 'COHORT_MONTHLY';
export type PayerType = 'WORKER' | 'EMPLOYER' | 'PLACEMENT_AGENCY' | 'GOVERNMENT_PROGRAM';
export type BillStatus = 'OPEN' | 'PAID' | 'CANCELLED';
export type PaymentSource = 'NOTIFICATION' | 'STATEMENT' | 'DESK';
export type PaymentOutcome = 'ALLOCATED' | 'UNMATCHED';
export type StatementOutcome = 'MATCHED' | 'POSTED' | 'DUPLICATE' | 'AMOUNT_DIFFERS' | 'UNMATCHED' | 'INVALID';

export interface StoredBillLine {
  code: string;
  program: string;
  amount: number;
  description: { en: string; id: string };
  basis: { en: string; id: string };
  status: string;
  source: string;
}

/** A stretch of protection a paid bill buys, per program. */
export interface PlannedCoverage {
  program: string;
  from: string;
  to: string;
}

export interface ContributionTables {
  payment_channels: {
    code: string;
    name: string;
    kind: ChannelKind;
    partner_id: string | null;
    currency: string;
    webhook_secret: string;
    created_at: Generated<Date>;
  };
  assistance_cohorts: {
    id: Generated<string>;
    code: string;
    name: string;
    payer_partner_id: string;
    monthly_amounts: Json<Record<string, number>>;
    valid_from: string;
    valid_to: string | null;
    created_at: Generated<Date>;
  };
  cohort_members: {
    cohort_id: string;
    membership_id: string;
    enrolled_from: string;
    enrolled_to: string | null;
  };
  bills: {
    id: Generated<string>;
    bill_number: string;
    membership_id: string | null;
    cohort_id: string | null;
    kind: BillKind;
    payer_type: PayerType;
    payer_name: string | null;
    regulation_id: string;
    lines: Json<StoredBillLine[]>;
    coverage: Json<PlannedCoverage[]>;
    period_from: string;
    period_to: string;
    amount: number;
    paid_amount: Generated<number>;
    status: BillStatus;
    due_date: string;
    issued_at: Date;
    paid_at: Date | null;
    cancelled_at: Date | null;
    billing_key: string;
  };
  bill_members: {
    bill_id: string;
    membership_id: string;
  };
  coverage_reminders: {
    membership_id: string;
    covered_to: string;
    sent_at: Date;
  };
  payments: {
    id: Generated<string>;
    channel_code: string;
    channel_reference: string;
    bill_id: string | null;
    amount: number;
    currency: Generated<string>;
    original_amount: number | null;
    exchange_rate: string | null;
    rate_date: string | null;
    paid_at: Date;
    received_at: Generated<Date>;
    source: PaymentSource;
    outcome: PaymentOutcome;
    outcome_detail: string | null;
    recorded_by: string;
  };
  payment_allocations: {
    id: Generated<number>;
    payment_id: string;
    bill_id: string | null;
    line_code: string;
    program: string | null;
    amount: number;
  };
  coverage_periods: {
    id: Generated<number>;
    membership_id: string;
    program: string;
    covered_from: string;
    covered_to: string;
    bill_id: string;
    payment_id: string;
  };
  statement_imports: {
    id: Generated<string>;
    channel_code: string;
    statement_date: string;
    file_sha256: string;
    rows: number;
    summary: Json<Record<string, number>>;
    imported_by: string;
    imported_at: Generated<Date>;
    completed_at: Date | null;
  };
  statement_staging: {
    import_id: string;
    line_number: number;
    channel_reference: string;
    bill_number: string;
    amount: number;
    paid_at: Date;
  };
  statement_lines: {
    import_id: string;
    line_number: number;
    channel_reference: string | null;
    bill_number: string | null;
    amount: number | null;
    paid_at: Date | null;
    outcome: StatementOutcome;
    detail: string | null;
    payment_id: string | null;
  };
}
