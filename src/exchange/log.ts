import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { grouped } from './grouped.ts';
import { entryHash, genesisHash, type LogEntryFields } from './rules.ts';

export type NewLogEntry = Omit<LogEntryFields, 'seq' | 'loggedAt'>;

interface Head {
  seq: number;
  entryHash: string;
}

// The chain's head as this process last wrote it, per database: an append then moves the
// head with one compare-and-set instead of reading it first. Only a hint: when another
// process (or a rolled-back transaction) made it stale, the compare-and-set leaves the head
// as it is and tells where it is, and the entries are chained from there.
const knownHeads = new WeakMap<Kysely<Database>, Head>();

/**
 * Appends entries to the message log, each chained to the one before by hash. The head
 * row is locked for the length of the transaction, so appends form one line. `db` (the
 * database `trx` belongs to) lets the append start from the head this process last wrote.
 */
export async function appendLog(trx: Transaction<Database>, at: Date, entries: NewLogEntry[], db?: Kysely<Database>): Promise<void> {
  if (entries.length === 0) return;
  const expected = (db && knownHeads.get(db)) ?? unknownHead;
  let chained = chain(expected, at, entries);
  // Noted at once, so that an append this process starts meanwhile on another connection
  // (an outbound delivery's) chains after this one and waits on the head's lock for it.
  if (db) knownHeads.set(db, chained.head);
  const head = await appendAfter(trx, expected, at, chained);
  if (head.seq !== chained.head.seq || head.entryHash !== chained.head.entryHash) {
    // The head was elsewhere (another process appended, or a batch rolled back) and
    // nothing was inserted: chain from it.
    chained = chain(head, at, entries);
    if (db) knownHeads.set(db, chained.head);
    await trx.updateTable('exchange_log_head').set({ seq: chained.head.seq, entry_hash: chained.head.entryHash }).execute();
    await sql`insert into exchange_log ${logColumns} ${rowsOf(at, chained.rows)}`.execute(trx);
  }
}

const unknownHead: Head = { seq: -1, entryHash: '' };

/**
 * Locks the head and moves it from `expected` to the end of `chained` if it is still at
 * `expected`, inserting `chained`'s rows only then, in one statement; answers the head as it
 * now is. (A compare-and-set in the WHERE clause would skip the row when another transaction
 * moves the head meanwhile, instead of waiting for it: the comparison must come after the lock.)
 */
async function appendAfter(trx: Transaction<Database>, expected: Head, at: Date, chained: ReturnType<typeof chain>): Promise<Head> {
  const isExpected = sql<boolean>`seq = ${expected.seq} and entry_hash = ${expected.entryHash}`;
  const next = chained.head;
  const { rows } = await sql<{ seq: number; entry_hash: string }>`
    with head as (
      update exchange_log_head
      set seq = case when ${isExpected} then ${next.seq} else seq end,
        entry_hash = case when ${isExpected} then ${next.entryHash} else entry_hash end
      returning seq, entry_hash
    ), appended as (
      insert into exchange_log ${logColumns}
      ${rowsOf(at, chained.rows)}
      where exists (select from head where head.seq = ${next.seq}::int8 and head.entry_hash = ${next.entryHash}::text)
    )
    select seq, entry_hash from head`.execute(trx);
  const head = rows[0];
  if (!head) throw new Error('the message log has no head row');
  return { seq: Number(head.seq), entryHash: head.entry_hash };
}

interface LogRow extends NewLogEntry {
  seq: number;
  previousHash: string;
  entryHash: string;
}

/** The log rows for `entries` after `head`, and the head they lead to. */
function chain(head: Head, at: Date, entries: NewLogEntry[]) {
  let seq = head.seq;
  let previous = head.entryHash;
  const loggedAt = at.toISOString();
  const rows = entries.map((entry): LogRow => {
    seq += 1;
    const hash = entryHash(previous, { ...entry, seq, loggedAt });
    const row = { ...entry, seq, previousHash: previous, entryHash: hash };
    previous = hash;
    return row;
  });
  return { rows, head: { seq, entryHash: previous } };
}

const logColumns = sql`(seq, logged_at, direction, kind, partner_code, message_id, document_type, request_id, outcome,
  error_code, content_sha256, previous_hash, entry_hash)`;

/** The rows as a SELECT of fixed text for any number of them (prepared once per connection). */
function rowsOf(at: Date, rows: LogRow[]) {
  const column = <K extends keyof LogRow>(key: K) => rows.map((row) => row[key]);
  return sql`
    select e.seq, ${at}::timestamptz, e.direction, e.kind, e.partner_code, e.message_id, e.document_type, e.request_id, e.outcome,
      e.error_code, e.content_sha256, e.previous_hash, e.entry_hash
    from unnest(${column('seq')}::int8[], ${column('direction')}::text[], ${column('kind')}::text[], ${column('partnerCode')}::text[],
      ${column('messageId')}::text[], ${column('documentType')}::text[], ${column('requestId')}::text[], ${column('outcome')}::text[],
      ${column('errorCode')}::text[], ${column('contentSha256')}::text[], ${column('previousHash')}::text[], ${column('entryHash')}::text[])
      as e (seq, direction, kind, partner_code, message_id, document_type, request_id, outcome, error_code, content_sha256,
        previous_hash, entry_hash)`;
}

/** Appends in a transaction of its own. */
export function appendLogNow(ctx: Pick<AppContext, 'db' | 'clock'>, entries: NewLogEntry[]): Promise<void> {
  return ctx.db.transaction().execute((trx) => appendLog(trx, ctx.clock.now(), entries, ctx.db));
}

export interface LogVerification {
  entries: number;
  intact: boolean;
  /** The first entry whose hash or link does not hold. */
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Walks the whole chain, in pages, and checks every link and hash and the head. */
export async function verifyLog(ctx: { db: Kysely<Database> }, pageSize = 5000): Promise<LogVerification> {
  let previous = genesisHash;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await ctx.db
      .selectFrom('exchange_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = (reason: string): LogVerification => ({ entries: count, intact: false, firstBrokenSeq: seq, reason });
      if (seq !== expectedSeq)
        return { entries: count, intact: false, firstBrokenSeq: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      if (row.previous_hash !== previous) return broken('its link to the previous entry does not match');
      const hash = entryHash(previous, {
        seq,
        loggedAt: row.logged_at.toISOString(),
        direction: row.direction,
        kind: row.kind,
        partnerCode: row.partner_code,
        messageId: row.message_id,
        documentType: row.document_type,
        requestId: row.request_id,
        outcome: row.outcome,
        errorCode: row.error_code,
        contentSha256: row.content_sha256,
      });
      if (hash !== row.entry_hash) return broken('its content does not match its hash');
      previous = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (page.length < pageSize) break;
  }
  const head = await ctx.db.selectFrom('exchange_log_head').select(['seq', 'entry_hash']).executeTakeFirstOrThrow();
  if (Number(head.seq) !== count || head.entry_hash !== previous) {
    return {
      entries: count,
      intact: false,
      firstBrokenSeq: count + 1,
      reason: 'entries after the last one found are missing (the head points further)',
    };
  }
  return { entries: count, intact: true, firstBrokenSeq: null, reason: null };
}

type Work = (trx: Transaction<Database>) => Promise<void>;

/**
 * A write the batch does once for all its appends that carry a row for it (one statement
 * instead of one per message); it throws if any row cannot be written, failing the batch.
 */
export type SetWiseWrite<Row> = (trx: Transaction<Database>, rows: Row[]) => Promise<void>;

/** One append's row for a set-wise write (made by `setWise`, which keeps the two types in step). */
export interface Together {
  write: SetWiseWrite<unknown>;
  row: unknown;
}

export function setWise<Row>(write: SetWiseWrite<Row>, row: Row): Together {
  return { write: write as SetWiseWrite<unknown>, row };
}

interface Append {
  clock: AppContext['clock'];
  entries: NewLogEntry[];
  work: Work | undefined;
  together: Together[];
}

/**
 * Appends entries, with the writes that go with them, in a transaction shared with the
 * other appends waiting at that moment (group commit): the chain's head is locked once per
 * batch, not once per message, and one commit makes the whole batch durable. Resolves once
 * the batch has committed. If the batch fails, its appends are committed one by one, so
 * that only the one at fault fails.
 */
export function appendLogGrouped(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  entries: NewLogEntry[],
  work?: Work,
  together: Together[] = [],
): Promise<void> {
  return appendGrouped(ctx.db, { clock: ctx.clock, entries, work, together });
}

const appendGrouped = grouped(commitBatch, { oneByOneOnFailure: true });

async function commitBatch(db: Kysely<Database>, batch: Append[]): Promise<undefined[]> {
  await db.transaction().execute(async (trx) => {
    const rowsByWrite = new Map<SetWiseWrite<unknown>, unknown[]>();
    for (const { together } of batch) {
      for (const { write, row } of together) {
        const rows = rowsByWrite.get(write);
        if (rows) rows.push(row);
        else rowsByWrite.set(write, [row]);
      }
    }
    for (const [write, rows] of rowsByWrite) await write(trx, rows);
    for (const item of batch) if (item.work) await item.work(trx);
    // The appends of one database share its clock.
    const at = (batch[0] as Append).clock.now();
    await appendLog(
      trx,
      at,
      batch.flatMap((item) => item.entries),
      db,
    );
  });
  return batch.map(() => undefined);
}
