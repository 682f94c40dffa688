import { type Kysely, sql } from 'kysely';

// A signed message is claimed (status PROCESSING) before its document is applied, so that
// a second copy arriving meanwhile waits instead of applying it twice. A claim now says who
// holds it and since when: if the process holding it dies before answering, the partner's
// retry recognises the claim as abandoned and takes it over (compare-and-set on the token),
// instead of being told "in progress" for ever. Rows claimed before this change have no
// token: no live process holds them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table exchange_messages
      add column claim_token text,
      add column claimed_at timestamptz;
  `.execute(db);
}
