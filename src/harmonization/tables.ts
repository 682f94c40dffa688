import type { ColumnType, Generated } from 'kysely';
import type { FieldExplanation } from './model.ts';

type Json<T> = ColumnType<T, string, string>;

export const partnerRecordSources = [
  'SELF_REPORT',
  'CONTRACT_EXTENSION',
  'DEPARTURE',
  'ARRIVAL',
  'PARTNER_REGISTRATION',
  'EMBASSY_REGISTRATION',
  'LEGACY_POLICY',
  'FILE',
] as const;
export type PartnerRecordSource = (typeof partnerRecordSources)[number];

export type LinkDecision = 'LINKED' | 'REVIEW' | 'NEW' | 'CONFIRMED' | 'REJECTED';
export const consortia = ['JASINDO', 'ASTINDO', 'MITRA_TKI'] as const;
export type Consortium = (typeof consortia)[number];

export interface HarmonizationTables {
  partner_records: {
    id: Generated<string>;
    source_type: PartnerRecordSource;
    partner_id: string | null;
    source_reference: string;
    nik: string | null;
    full_name: string | null;
    birth_date: string | null;
    sex: 'F' | 'M' | null;
    passport_number: string | null;
    phone: string | null;
    destination_country: string | null;
    birth_region: string | null;
    details: Json<Record<string, unknown>>;
    received_at: Generated<Date>;
  };
  linkage_models: {
    version: Generated<number>;
    parameters: Json<unknown>;
    estimated_from: Json<Record<string, unknown>>;
    created_by: string;
    created_at: Generated<Date>;
  };
  linkage_runs: {
    id: Generated<string>;
    kind: 'PARTNER_RECORDS' | 'REGISTER_DUPLICATES';
    status: 'RUNNING' | 'COMPLETED';
    model_version: number | null;
    counts: Json<Record<string, number> | null>;
    started_by: string;
    started_at: Generated<Date>;
    completed_at: Date | null;
  };
  linkage_run_results: {
    run_id: string;
    partner_record_id: string;
    person_id: string | null;
    decision: 'LINKED' | 'REVIEW' | 'NEW';
    match_weight: number | null;
    explanation: Json<FieldExplanation[] | null>;
  };
  record_links: {
    partner_record_id: string;
    person_id: string | null;
    decision: LinkDecision;
    match_weight: number | null;
    explanation: Json<FieldExplanation[] | null>;
    model_version: number | null;
    run_id: string | null;
    decided_by: string;
    decided_at: Date;
  };
  review_labels: {
    id: Generated<number>;
    partner_record_id: string;
    person_id: string;
    is_match: boolean;
    decided_by: string;
    decided_at: Date;
  };
  person_merges: {
    id: Generated<string>;
    person_id: string;
    into_person_id: string;
    reason: string;
    merged_by: string;
    merged_at: Date;
    unmerged_by: string | null;
    unmerged_at: Date | null;
    unmerge_reason: string | null;
  };
  duplicate_pairs: {
    person_id: string;
    other_person_id: string;
    match_weight: number;
    explanation: Json<FieldExplanation[]>;
    run_id: string;
    status: Generated<'OPEN' | 'MERGED' | 'DISMISSED'>;
  };
  linkage_findings: {
    id: Generated<number>;
    run_id: string;
    partner_record_id: string | null;
    person_id: string | null;
    kind: string;
    detail: Json<Record<string, unknown>>;
  };
  legacy_policies: {
    id: Generated<string>;
    consortium: Consortium;
    policy_number: string;
    partner_record_id: string;
    cover_from: string;
    cover_to: string;
    destination_country: string | null;
    imported_by: string;
    imported_at: Generated<Date>;
  };
  harmonization_audit: {
    id: Generated<number>;
    action: string;
    subject: Json<Record<string, unknown>>;
    actor: string;
    occurred_at: Date;
  };
}
