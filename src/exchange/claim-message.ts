import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { DomainError } from '../kernel/errors.ts';
import { grouped } from './grouped.ts';

/**
 * A message id is claimed (a PROCESSING row under the unique key partner + message id)
 * before its document is applied, so that a second copy waits instead of applying it
 * twice; the claim becomes the accepted message in the commit that also logs the receipt.
 *
 * If the process holding a claim dies before that commit, the claim is abandoned and the
 * partner's retry takes it over: at once when the claim is this process's own (it holds no
 * such claim any more) or the database is embedded (one process per database, so its
 * holder is gone); on a database server, where other processes may be working on it, once
 * the claim is older than `claimLeaseMs`. A takeover is a compare-and-set on the claim's
 * token, so of two racing retries one wins; the acceptance checks the token too, so a
 * holder that lost its claim cannot accept the message a second time.
 */
export const claimLeaseMs = 30_000;

/** This process, as the holder of claims. */
const processToken = randomUUID();
let claims = 0;

export interface Claim {
  id: string;
  token: string;
}

export interface ClaimRequest {
  partnerId: string;
  messageId: string;
  documentType: string;
  contentHash: string;
  receivedAt: Date;
}

export type EarlierMessage = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

export function findMessage(db: Kysely<Database>, partnerId: string, messageId: string) {
  return db
    .selectFrom('exchange_messages')
    .select(['id', 'content_sha256', 'status', 'receipt', 'result', 'document_type', 'claim_token', 'claimed_at', 'received_at'])
    .where('partner_id', '=', partnerId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

// Messages being processed in this process, by database: a copy arriving meanwhile waits
// for the first to finish and is then answered from what it left (receipt or nothing).
const inFlight = new WeakMap<Kysely<Database>, Map<string, Promise<void>>>();

/**
 * Runs `work` for one message id at a time within this process; a second copy of the id
 * waits until the first is finished.
 */
export async function oneAtATime<T>(db: Kysely<Database>, partnerId: string, messageId: string, work: () => Promise<T>): Promise<T> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map();
    inFlight.set(db, running);
  }
  const key = `${partnerId}\n${messageId}`;
  for (let first = running.get(key); first; first = running.get(key)) await first;
  let finished = () => {};
  running.set(key, new Promise<void>((resolve) => (finished = resolve)));
  try {
    return await work();
  } finally {
    running.delete(key);
    finished();
  }
}

/**
 * Claims a message id for processing. A new id is claimed by one insert shared with the
 * other claims waiting at that moment. Otherwise answers the earlier message (accepted,
 * other content, or still held by a live process), or takes its abandoned claim over.
 */
export async function claimMessage(
  ctx: Pick<AppContext, 'db' | 'engine' | 'clock'>,
  request: ClaimRequest,
): Promise<{ claimed: Claim } | { earlier: EarlierMessage }> {
  for (;;) {
    const token = newToken();
    const now = ctx.clock.now();
    const id = await insertClaimGrouped(ctx.db, { ...request, token, claimedAt: now });
    if (id) return { claimed: { id, token } };

    const earlier = await findMessage(ctx.db, request.partnerId, request.messageId);
    // Released between the two statements: claim afresh.
    if (!earlier) continue;
    if (earlier.status !== 'PROCESSING' || earlier.content_sha256 !== request.contentHash || !isAbandoned(ctx, earlier, now)) {
      return { earlier };
    }
    const takenOver = await ctx.db
      .updateTable('exchange_messages')
      .set({ claim_token: token, claimed_at: now })
      .where('id', '=', earlier.id)
      .where('status', '=', 'PROCESSING')
      .where((eb) => (earlier.claim_token === null ? eb('claim_token', 'is', null) : eb('claim_token', '=', earlier.claim_token)))
      .executeTakeFirst();
    if (takenOver.numUpdatedRows === 1n) return { claimed: { id: earlier.id, token } };
    // Another retry took it over first (or it was accepted meanwhile): look again.
  }
}

interface NewClaim extends ClaimRequest {
  token: string;
  claimedAt: Date;
}

/**
 * Inserts a claim with the others waiting (one statement for all); resolves with its row
 * id, or undefined when the id is taken.
 */
const insertClaimGrouped = grouped(insertClaims);

/**
 * One statement of fixed text (prepared once per connection), no transaction around it: an
 * id already taken inserts nothing and is looked at on its own afterwards (replay, in
 * progress, or abandoned).
 */
async function insertClaims(db: Kysely<Database>, claims: NewClaim[]): Promise<(string | undefined)[]> {
  const { rows } = await sql<{ id: string; claim_token: string }>`
    insert into exchange_messages (partner_id, message_id, document_type, content_sha256, source, status, result, received_at, claim_token, claimed_at)
    select c.partner_id, c.message_id, c.document_type, c.content_sha256, 'API', 'PROCESSING', 'null'::jsonb, c.received_at, c.claim_token, c.claimed_at
    from unnest(${claims.map((c) => c.partnerId)}::uuid[], ${claims.map((c) => c.messageId)}::text[],
      ${claims.map((c) => c.documentType)}::text[], ${claims.map((c) => c.contentHash)}::text[],
      ${claims.map((c) => c.receivedAt.toISOString())}::timestamptz[], ${claims.map((c) => c.token)}::text[],
      ${claims.map((c) => c.claimedAt.toISOString())}::timestamptz[])
      as c (partner_id, message_id, document_type, content_sha256, received_at, claim_token, claimed_at)
    on conflict (partner_id, message_id) do nothing
    returning id, claim_token`.execute(db);
  const ids = new Map(rows.map((row) => [row.claim_token, row.id]));
  return claims.map((c) => ids.get(c.token));
}

/** A claim whose holder cannot be working on it any more. */
function isAbandoned(ctx: Pick<AppContext, 'engine'>, earlier: EarlierMessage, now: Date): boolean {
  // Called only when no copy of the message is in flight in this process (`oneAtATime`).
  if (earlier.claim_token === null || earlier.claim_token.startsWith(`${processToken}.`)) return true;
  if (ctx.engine === 'pglite') return true;
  return now.getTime() - (earlier.claimed_at ?? earlier.received_at).getTime() >= claimLeaseMs;
}

export interface Acceptance {
  claim: Claim;
  outcome: string;
  membershipId: string | null;
  result: Record<string, unknown>;
  receipt: string;
}

/**
 * Turns claims into accepted messages, in the caller's transaction, with one statement.
 * Each claim must change exactly one row: one that changes none was taken over (its holder
 * was presumed dead), and the transaction must not commit that message's effects a second
 * time, so it fails.
 */
export async function acceptClaims(trx: Transaction<Database>, acceptances: Acceptance[]): Promise<void> {
  const updated = await sql`
    update exchange_messages m
    set status = 'ACCEPTED', outcome = a.outcome, membership_id = a.membership_id, result = a.result::jsonb, receipt = a.receipt
    from unnest(${acceptances.map((a) => a.claim.id)}::uuid[], ${acceptances.map((a) => a.claim.token)}::text[],
      ${acceptances.map((a) => a.outcome)}::text[], ${acceptances.map((a) => a.membershipId)}::uuid[],
      ${acceptances.map((a) => JSON.stringify(a.result))}::text[], ${acceptances.map((a) => a.receipt)}::text[])
      as a (id, token, outcome, membership_id, result, receipt)
    where m.id = a.id and m.status = 'PROCESSING' and m.claim_token = a.token`.execute(trx);
  if (updated.numAffectedRows !== BigInt(acceptances.length)) {
    throw new ClaimLostError('a message’s claim was taken over before its acceptance committed');
  }
}

/** Gives a claim up (the document was refused, or applying it failed): a retry starts afresh. */
export async function releaseClaim(db: Kysely<Database>, claim: Claim): Promise<void> {
  await db
    .deleteFrom('exchange_messages')
    .where('id', '=', claim.id)
    .where('status', '=', 'PROCESSING')
    .where('claim_token', '=', claim.token)
    .execute();
}

export function messageInProgress(messageId: string | null): DomainError {
  return new DomainError(
    'conflict',
    'MESSAGE_IN_PROGRESS',
    {
      en: `Message ${messageId} is still being processed; ask again shortly.`,
      id: `Pesan ${messageId} masih diproses; coba lagi sebentar lagi.`,
    },
    { extensions: { retryAfterSeconds: Math.ceil(claimLeaseMs / 1000) } },
  );
}

/** The claim was taken over by a retry: this holder must not accept the message. */
export class ClaimLostError extends Error {}

function newToken(): string {
  claims += 1;
  return `${processToken}.${claims}`;
}
