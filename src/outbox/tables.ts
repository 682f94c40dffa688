import type { ColumnType, Generated } from 'kysely';

export type OutboxStatus = 'PENDING' | 'DELIVERED' | 'DEAD';

export interface OutboxTables {
  outbox: {
    id: Generated<number>;
    topic: string;
    payload: ColumnType<unknown, string, string>;
    status: Generated<OutboxStatus>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    last_error: string | null;
    created_at: Generated<Date>;
    delivered_at: Date | null;
  };
}
