import type { ColumnType, Generated } from 'kysely';
import type { MembershipStatus, PlacementEndReason, PlacementRoute, PmiPhase, RegistrationChannel, Segment } from './rules.ts';

type Json<T> = ColumnType<T, string, string>;

export interface Address {
  line: string;
  city?: string | undefined;
  province?: string | undefined;
  postalCode?: string | undefined;
  country: string;
}

export interface BankAccount {
  bankCode: string;
  accountNumber: string;
  accountHolder: string;
}

export interface MembershipTables {
  persons: {
    id: Generated<string>;
    nik: string | null;
    full_name: string;
    name_normalized: string;
    birth_date: string;
    sex: 'F' | 'M';
    birth_place: string | null;
    nationality: string;
    phone: string | null;
    email: string | null;
    address: Json<Address | null>;
    bank_account: Json<BankAccount | null>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  passports: {
    id: Generated<string>;
    person_id: string;
    issuing_country: string;
    number: string;
    expiry_date: string;
    recorded_at: Generated<Date>;
  };
  memberships: {
    id: Generated<string>;
    membership_number: string;
    person_id: string;
    segment: Segment;
    status: MembershipStatus;
    pmi_phase: PmiPhase | null;
    registration_channel: RegistrationChannel;
    channel_partner_id: string | null;
    registered_by: string;
    occupation: string | null;
    declared_monthly_income: number | null;
    employer_name: string | null;
    monthly_wage: number | null;
    work_permit_number: string | null;
    registered_at: Generated<Date>;
    status_changed_at: Generated<Date>;
  };
  placements: {
    id: Generated<string>;
    membership_id: string;
    destination_country: string;
    employer_name: string | null;
    employer_address: string | null;
    occupation: string | null;
    placement_route: PlacementRoute;
    placement_agency: string | null;
    contract_start: string;
    contract_end: string;
    previous_placement_id: string | null;
    ended_on: string | null;
    end_reason: PlacementEndReason | null;
    created_at: Generated<Date>;
  };
  contract_extensions: {
    id: Generated<string>;
    placement_id: string;
    previous_end: string;
    new_end: string;
    channel: RegistrationChannel;
    channel_partner_id: string | null;
    recorded_by: string;
    recorded_at: Generated<Date>;
  };
  membership_status_history: {
    id: Generated<number>;
    membership_id: string;
    status: MembershipStatus;
    reason: string | null;
    changed_by: string;
    changed_at: Generated<Date>;
  };
  member_events: {
    id: Generated<number>;
    membership_id: string;
    type: string;
    data: Json<Record<string, unknown>>;
    actor: string;
    occurred_at: Generated<Date>;
  };
}
