import type { Generated } from 'kysely';
import type { StaffRole } from './rules.ts';

export interface AuthTables {
  users: {
    id: Generated<string>;
    username: string;
    password_hash: string;
    role: StaffRole;
    partner_id: string | null;
    display_name: string | null;
    created_at: Generated<Date>;
    disabled_at: Date | null;
  };
  sessions: {
    token_hash: string;
    user_id: string | null;
    membership_id: string | null;
    created_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
  };
  login_failures: {
    id: Generated<number>;
    subject: string;
    attempted_at: Generated<Date>;
  };
  member_sign_in_codes: {
    id: Generated<string>;
    membership_id: string;
    code_hash: string;
    attempts: Generated<number>;
    created_at: Generated<Date>;
    expires_at: Date;
    consumed_at: Date | null;
  };
}
