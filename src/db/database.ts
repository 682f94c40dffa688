import type { AuditTables } from '../audit/tables.ts';
import type { AuthTables } from '../auth/tables.ts';
import type { ClaimTables } from '../claims/tables.ts';
import type { ContributionTables } from '../contributions/tables.ts';
import type { ExchangeTables } from '../exchange/tables.ts';
import type { HarmonizationTables } from '../harmonization/tables.ts';
import type { JhtTables } from '../jht/tables.ts';
import type { MembershipTables } from '../membership/tables.ts';
import type { OutboxTables } from '../outbox/tables.ts';
import type { PartnerTables } from '../partners/tables.ts';
import type { SelfServiceTables } from '../self-service/tables.ts';

/** Every table, as Kysely sees it. Each module declares its own in its `tables.ts`. */
export interface Database
  extends PartnerTables,
    MembershipTables,
    AuthTables,
    OutboxTables,
    AuditTables,
    ContributionTables,
    JhtTables,
    SelfServiceTables,
    ExchangeTables,
    ClaimTables,
    HarmonizationTables {}
