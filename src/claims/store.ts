import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { MemberSegment } from './calculation.ts';
import type { ClaimAction, ClaimStatus, PmiEventPhase } from './rules.ts';
import { queueStatuses } from './rules.ts';

// The SQL of the claims module, and only that. Private to the module.
//
// Member facts (birth date, nationality, placements) are read here with a join on the
// membership tables, set-wise for a batch of claims: the membership service answers one
// member at a time, and an assessment of 100,000 claims cannot ask 100,000 times.

type Db = Kysely<Database>;

export type ClaimRow = Selectable<Database['claims']> & { membership_number: string };

const claimColumns = [
  'c.id',
  'c.claim_number',
  'c.membership_id',
  'c.claim_type',
  'c.event_date',
  'c.event_key',
  'c.status',
  'c.claim_date',
  'c.claimant',
  'c.death_benefit',
  'c.pay_to',
  'c.facts',
  'c.regulation_id',
  'c.member_facts',
  'c.calculation',
  'c.amount',
  'c.unconfirmed',
  'c.assessed_by',
  'c.decided_by',
  'c.rejection_reason',
  'c.appeals',
  'c.submitted_by',
  'c.submitted_at',
  'c.sla_due_at',
  'c.status_changed_at',
  'm.membership_number',
] as const;

export async function findClaim(db: Db, claimNumber: string, options: { lock?: boolean } = {}): Promise<ClaimRow | undefined> {
  let query = db
    .selectFrom('claims as c')
    .innerJoin('memberships as m', 'm.id', 'c.membership_id')
    .select(claimColumns)
    .where('c.claim_number', '=', claimNumber);
  if (options.lock) query = query.forUpdate('c');
  return query.executeTakeFirst();
}

export interface NewClaim {
  membershipId: string;
  claimType: string;
  eventDate: string;
  eventKey: string;
  claimDate: string;
  claimant: unknown;
  deathBenefit: boolean;
  payTo: unknown;
  facts: unknown;
  regulationId: string;
  submittedBy: string;
  submittedAt: Date;
  slaDueAt: Date;
}

/** Inserts a claim with the next claim number; a duplicate event fails on `claims_event_key`. */
export async function insertClaim(db: Db, claim: NewClaim): Promise<{ id: string; claim_number: string }> {
  const { rows } = await sql<{ id: string; claim_number: string }>`
    insert into claims (claim_number, membership_id, claim_type, event_date, event_key, status, claim_date, claimant,
      death_benefit, pay_to, facts, regulation_id, submitted_by, submitted_at, sla_due_at, status_changed_at)
    values ('K' || lpad(nextval('claim_number_seq')::text, 10, '0'), ${claim.membershipId}, ${claim.claimType}, ${claim.eventDate},
      ${claim.eventKey}, 'SUBMITTED', ${claim.claimDate}, ${JSON.stringify(claim.claimant)}::jsonb, ${claim.deathBenefit},
      ${JSON.stringify(claim.payTo)}::jsonb, ${JSON.stringify(claim.facts)}::jsonb, ${claim.regulationId}, ${claim.submittedBy},
      ${claim.submittedAt}, ${claim.slaDueAt}, ${claim.submittedAt})
    returning id, claim_number
  `.execute(db);
  return rows[0] as { id: string; claim_number: string };
}

export function findClaimByEvent(db: Db, membershipId: string, eventKey: string) {
  return db
    .selectFrom('claims')
    .select(['claim_number', 'status'])
    .where('membership_id', '=', membershipId)
    .where('event_key', '=', eventKey)
    .executeTakeFirst();
}

export function findOpenJhtClaim(db: Db, membershipId: string) {
  return db
    .selectFrom('claims')
    .select(['claim_number', 'status'])
    .where('membership_id', '=', membershipId)
    .where('claim_type', 'in', ['JHT_FULL', 'JHT_PARTIAL'])
    .where('status', 'not in', ['PAID', 'REJECTED'])
    .executeTakeFirst();
}

export interface TransitionRow {
  claimId: string;
  from: ClaimStatus | null;
  to: ClaimStatus;
  action: ClaimAction;
  actor: string;
  role: string;
  note: string | null;
  at: Date;
}

export async function insertTransitions(db: Db, rows: readonly TransitionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('claim_transitions')
    .values(
      rows.map((r) => ({
        claim_id: r.claimId,
        from_status: r.from,
        to_status: r.to,
        action: r.action,
        actor: r.actor,
        role: r.role,
        note: r.note,
        occurred_at: r.at,
      })),
    )
    .execute();
}

export async function insertNotifications(db: Db, payloads: readonly Record<string, unknown>[]): Promise<void> {
  if (payloads.length === 0) return;
  await db
    .insertInto('outbox')
    .values(payloads.map((p) => ({ topic: 'notification.member', payload: JSON.stringify(p), last_error: null, delivered_at: null })))
    .execute();
}

export function listTransitions(db: Db, claimId: string) {
  return db.selectFrom('claim_transitions').selectAll().where('claim_id', '=', claimId).orderBy('id').execute();
}

// ---------------------------------------------------------------------------------------
// Member facts, set-wise

export interface MemberFactsRow {
  claim_id: string;
  segment: MemberSegment;
  birth_date: string;
  nationality: string;
  membership_start: string;
  pmi_phase_on_event: PmiEventPhase | null;
  placement_open: boolean;
  wage_on_record: number | null;
}

/** The member facts of each claim: segment, birth date, nationality, membership start, PMI phase on the event date. */
export async function memberFactsOf(
  db: Db,
  claims: ReadonlyArray<{ claimId: string; membershipId: string; eventDate: string; claimDate: string }>,
): Promise<Map<string, MemberFactsRow>> {
  if (claims.length === 0) return new Map();
  const { rows } = await sql<MemberFactsRow>`
    select i.claim_id, m.segment, p.birth_date, p.nationality,
      (m.registered_at at time zone 'Asia/Jakarta')::date::text as membership_start,
      case when m.segment <> 'PMI' then null
        when exists (select 1 from placements pl where pl.membership_id = m.id
                     and pl.contract_start <= i.event_date and i.event_date <= coalesce(pl.ended_on, pl.contract_end)) then 'DURING_PLACEMENT'
        when exists (select 1 from placements pl where pl.membership_id = m.id and pl.contract_start > i.event_date) then 'BEFORE_PLACEMENT'
        when exists (select 1 from placements pl where pl.membership_id = m.id) then 'AFTER_PLACEMENT'
        else m.pmi_phase end as pmi_phase_on_event,
      exists (select 1 from placements pl where pl.membership_id = m.id and pl.ended_on is null
              and pl.contract_end >= i.claim_date) as placement_open,
      coalesce(m.monthly_wage, m.declared_monthly_income) as wage_on_record
    from jsonb_to_recordset(${JSON.stringify(
      claims.map((c) => ({ claim_id: c.claimId, membership_id: c.membershipId, event_date: c.eventDate, claim_date: c.claimDate })),
    )}::jsonb)
      as i(claim_id uuid, membership_id uuid, event_date date, claim_date date)
    join memberships m on m.id = i.membership_id
    join persons p on p.id = m.person_id
  `.execute(db);
  return new Map(rows.map((r) => [r.claim_id, r]));
}

// ---------------------------------------------------------------------------------------
// The queue

export interface QueueQuery {
  status?: ClaimStatus | undefined;
  claimType?: string | undefined;
  after?: { dueAt: Date; id: string } | undefined;
  limit: number;
}

/**
 * Open claims by service-level due time, then id: a keyset page on the partial index
 * `claims_queue`, so a page costs the same at any depth.
 */
export function listQueue(db: Db, query: QueueQuery) {
  let select = db
    .selectFrom('claims as c')
    .innerJoin('memberships as m', 'm.id', 'c.membership_id')
    .select([
      'c.id',
      'c.claim_number',
      'c.claim_type',
      'c.status',
      'c.event_date',
      'c.amount',
      'c.submitted_at',
      'c.sla_due_at',
      'c.appeals',
      'c.death_benefit',
      'm.membership_number',
    ])
    .where('c.status', 'in', [...queueStatuses]);
  if (query.status) select = select.where('c.status', '=', query.status);
  if (query.claimType) select = select.where('c.claim_type', '=', query.claimType as never);
  if (query.after) {
    const after = query.after;
    select = select.where(sql<boolean>`(c.sla_due_at, c.id) > (${after.dueAt}, ${after.id}::uuid)`);
  }
  return select
    .orderBy('c.sla_due_at')
    .orderBy('c.id')
    .limit(query.limit + 1)
    .execute();
}

export function listClaimsOfMember(db: Db, membershipId: string) {
  return db
    .selectFrom('claims')
    .select(['claim_number', 'claim_type', 'status', 'event_date', 'amount', 'submitted_at', 'sla_due_at'])
    .where('membership_id', '=', membershipId)
    .orderBy('submitted_at', 'desc')
    .limit(200)
    .execute();
}

// ---------------------------------------------------------------------------------------
// Documents

export async function storeBlob(db: Db, blob: { sha256: string; mediaType: string; content: Uint8Array }): Promise<boolean> {
  const inserted = await db
    .insertInto('document_blobs')
    .values({ sha256: blob.sha256, media_type: blob.mediaType as never, size: blob.content.length, content: blob.content })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .returning('sha256')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function attachDocument(
  db: Db,
  doc: { claimId: string; item: string; sha256: string; fileName: string | null; uploadedBy: string; uploadedAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('claim_documents')
    .values({
      claim_id: doc.claimId,
      item: doc.item as never,
      sha256: doc.sha256,
      file_name: doc.fileName,
      uploaded_by: doc.uploadedBy,
      uploaded_at: doc.uploadedAt,
    })
    .onConflict((oc) => oc.constraint('claim_documents_once').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function listDocuments(db: Db, claimId: string) {
  return db
    .selectFrom('claim_documents as d')
    .innerJoin('document_blobs as b', 'b.sha256', 'd.sha256')
    .select(['d.item', 'd.sha256', 'd.file_name', 'd.uploaded_by', 'd.uploaded_at', 'b.media_type', 'b.size'])
    .where('d.claim_id', '=', claimId)
    .orderBy('d.id')
    .execute();
}

export function findDocumentContent(db: Db, claimId: string, sha256: string) {
  return db
    .selectFrom('claim_documents as d')
    .innerJoin('document_blobs as b', 'b.sha256', 'd.sha256')
    .select(['b.media_type', 'b.content', 'd.file_name'])
    .where('d.claim_id', '=', claimId)
    .where('d.sha256', '=', sha256)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------
// Payments

export function findBatch(db: Db, batchNumber: string) {
  return db.selectFrom('claim_payment_batches').selectAll().where('batch_number', '=', batchNumber).executeTakeFirst();
}

export function listBatchPayments(db: Db, batchId: string) {
  return db
    .selectFrom('claim_payments as p')
    .innerJoin('claims as c', 'c.id', 'p.claim_id')
    .select(['p.id', 'p.end_to_end_id', 'p.amount', 'p.pay_to', 'p.status', 'c.claim_number', 'c.claim_type'])
    .where('p.batch_id', '=', batchId)
    .orderBy('p.end_to_end_id')
    .execute();
}
