import type { Generated } from 'kysely';

export interface AuditTables {
  access_log: {
    id: Generated<number>;
    actor: string;
    action: string;
    membership_id: string | null;
    request_id: string | null;
    at: Generated<Date>;
  };
}
