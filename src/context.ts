import type { Kysely } from 'kysely';
import type { CopyCsv, Engine } from './db/connection.ts';
import type { Database } from './db/database.ts';
import type { AreaCodes } from './identity/nik.ts';
import type { Clock } from './kernel/clock.ts';
import type { Config } from './kernel/config.ts';
import type { SigningKeys } from './signing/keys.ts';

/** What every use case may touch. Side effects (clock, keys, database) are passed in. */
export interface AppContext {
  db: Kysely<Database>;
  engine: Engine;
  /** Bulk load into a table from CSV text (statement files, partner files). */
  copyCsv: CopyCsv;
  clock: Clock;
  config: Config;
  areaCodes: AreaCodes;
  signingKeys: SigningKeys;
}
