import type { Generated } from 'kysely';

export interface SelfServiceTables {
  phone_confirmations: {
    id: Generated<string>;
    phone: string;
    code_hash: string;
    attempts: Generated<number>;
    created_at: Generated<Date>;
    expires_at: Date;
    confirmed_at: Date | null;
    token_hash: string | null;
    token_expires_at: Date | null;
    used_at: Date | null;
    membership_number: string | null;
  };
}
