import type { Generated } from 'kysely';
import type { PartnerType } from './rules.ts';

export interface PartnerTables {
  partners: {
    id: Generated<string>;
    code: string;
    name: string;
    type: PartnerType;
    country: string;
    created_at: Generated<Date>;
  };
}
