import path from 'node:path';

/** Everything Lindung reads from its environment, read in one place. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; when absent, the embedded database under `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Embedded database, signing key and lock file live here. */
  dataDir: string;
  /** Load demo data even on a PostgreSQL server. */
  demo: boolean;
  /** How many synthetic members the demo data has. */
  demoMembers: number;
  /** Lindung's Ed25519 private key as a JWK (JSON); generated into `dataDir` when absent. */
  signingKey: string | undefined;
  logLevel: string;
  /** Whether the session cookie is marked Secure (browsers accept it on http://localhost). */
  secureCookies: boolean;
  sessionTtlMinutes: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env.PORT, 8080, 'PORT'),
    host: env.HOST ?? 'localhost',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.LINDUNG_DATA_DIR ?? 'data'),
    demo: env.LINDUNG_DEMO === '1',
    demoMembers: integer(env.LINDUNG_DEMO_MEMBERS, 3000, 'LINDUNG_DEMO_MEMBERS'),
    signingKey: env.LINDUNG_SIGNING_KEY || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.LINDUNG_INSECURE_COOKIES !== '1',
    sessionTtlMinutes: integer(env.LINDUNG_SESSION_TTL_MINUTES, 8 * 60, 'LINDUNG_SESSION_TTL_MINUTES'),
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative integer; got "${value}".`);
  }
  return parsed;
}
