import type { ColumnType, Generated } from 'kysely';
import type { LogDirection, LogKind } from './rules.ts';

type Json<T> = ColumnType<T, string, string>;

export interface ExchangeTables {
  exchange_log: {
    seq: number;
    logged_at: Date;
    direction: LogDirection;
    kind: LogKind;
    partner_code: string | null;
    message_id: string | null;
    document_type: string | null;
    request_id: string;
    outcome: string;
    error_code: string | null;
    content_sha256: string;
    previous_hash: string;
    entry_hash: string;
  };
  exchange_log_head: { id: Generated<boolean>; seq: number; entry_hash: string };
  exchange_messages: {
    id: Generated<string>;
    partner_id: string;
    message_id: string;
    document_type: string;
    content_sha256: string;
    source: 'API' | 'FILE';
    status: 'PROCESSING' | 'ACCEPTED';
    outcome: string | null;
    membership_id: string | null;
    result: Json<Record<string, unknown> | null>;
    receipt: string | null;
    received_at: Date;
    /** Who holds a PROCESSING claim (`<process>.<claim>`) and since when; see claim-message.ts. */
    claim_token: string | null;
    claimed_at: Date | null;
  };
  exchange_presence_reports: {
    id: Generated<number>;
    partner_id: string;
    message_id: string;
    membership_id: string;
    country: string;
    employer_name: string | null;
    contract_start: string | null;
    contract_end: string | null;
    reported_at: Date;
  };
  exchange_leads: {
    id: Generated<number>;
    partner_id: string;
    message_id: string;
    country: string;
    contact: Json<Record<string, unknown>>;
    created_at: Date;
  };
  exchange_crossings: {
    id: Generated<number>;
    partner_id: string;
    message_id: string;
    direction: 'DEPARTURE' | 'ARRIVAL';
    membership_id: string | null;
    passport_country: string;
    passport_number: string;
    crossed_on: string;
    country: string;
    border_post: string | null;
    protected: boolean;
    recorded_at: Date;
  };
  exchange_imports: {
    id: Generated<string>;
    partner_id: string;
    document_type: string;
    file_name: string;
    file_sha256: string;
    rows: Generated<number>;
    summary: Json<Record<string, number> | null>;
    uploaded_by: string;
    started_at: Date;
    completed_at: Date | null;
  };
  exchange_import_rows: {
    import_id: string;
    row_number: number;
    outcome: 'ACCEPTED' | 'REJECTED' | 'PENDING';
    effect: string | null;
    membership_id: string | null;
    reasons: Json<Array<{ column: string | null; code: string; message?: string }> | null>;
  };
}
