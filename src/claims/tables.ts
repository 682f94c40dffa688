import type { ColumnType, Generated } from 'kysely';
import type { Calculation, ClaimFacts, MemberFacts } from './calculation.ts';
import type { ClaimAction, ClaimStatus, ClaimType, DocumentItem, HeirRelationship, MediaType } from './rules.ts';

type Json<T> = ColumnType<T, string, string>;

export interface Claimant {
  kind: 'MEMBER' | 'HEIR';
  fullName: string | null;
  relationship: HeirRelationship | null;
  /** The heir's NIK: stored, never put in a URL or a log. */
  nik: string | null;
  phone: string | null;
}

export interface PayTo {
  bankCode: string;
  accountNumber: string;
  accountHolder: string;
}

export interface Localized2 {
  en: string;
  id: string;
}

export interface ClaimTables {
  claims: {
    id: Generated<string>;
    claim_number: string;
    membership_id: string;
    claim_type: ClaimType;
    event_date: string;
    event_key: string;
    status: ClaimStatus;
    claim_date: string;
    claimant: Json<Claimant>;
    death_benefit: boolean;
    pay_to: Json<PayTo>;
    facts: Json<ClaimFacts>;
    regulation_id: string;
    member_facts: Json<MemberFacts | null>;
    // Without its inputs: they are this row's claim_type, claim_date, facts and member_facts.
    calculation: Json<Omit<Calculation, 'inputs'> | null>;
    amount: number | null;
    unconfirmed: boolean | null;
    assessed_by: string | null;
    decided_by: string | null;
    rejection_reason: Json<Localized2 | null>;
    appeals: Generated<number>;
    submitted_by: string;
    submitted_at: Date;
    sla_due_at: Date;
    status_changed_at: Date;
  };
  claim_transitions: {
    id: Generated<number>;
    claim_id: string;
    from_status: ClaimStatus | null;
    to_status: ClaimStatus;
    action: ClaimAction;
    actor: string;
    role: string;
    note: string | null;
    occurred_at: Date;
  };
  document_blobs: {
    sha256: string;
    media_type: MediaType;
    size: number;
    content: Uint8Array;
    stored_at: Generated<Date>;
  };
  claim_documents: {
    id: Generated<number>;
    claim_id: string;
    item: DocumentItem;
    sha256: string;
    file_name: string | null;
    uploaded_by: string;
    uploaded_at: Date;
  };
  claim_payment_batches: {
    id: Generated<string>;
    batch_number: string;
    execution_date: string;
    debtor: Json<{ name: string; accountNumber: string; bankBic: string }>;
    payments: number;
    total: number;
    created_by: string;
    created_at: Date;
  };
  claim_payments: {
    id: Generated<string>;
    batch_id: string;
    claim_id: string;
    end_to_end_id: string;
    amount: number;
    pay_to: Json<PayTo>;
    status: 'INSTRUCTED' | 'PAID' | 'RETURNED';
    bank_reference: string | null;
    settled_on: string | null;
    confirmed_at: Date | null;
  };
}
