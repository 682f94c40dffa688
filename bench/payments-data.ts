// Synthetic members, bills and a statement for the payments benchmark, generated set-wise
// in SQL (insert … select from generate_series), so that a million members take seconds.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { dammCheckDigit } from '../src/kernel/damm.ts';
import { membershipNumberFromSequence } from '../src/membership/membership-number.ts';

export const billAmount = 332_500;
export const channelCode = 'BENCH-VA';

// Damm's quasigroup, row by row, as in src/kernel/damm.ts: interim = Q[interim * 10 + digit].
const quasigroup = [
  0, 3, 1, 7, 5, 9, 8, 6, 4, 2, 7, 0, 9, 2, 1, 5, 4, 8, 6, 3, 4, 2, 0, 6, 8, 7, 1, 3, 5, 9, 1, 7, 5, 0, 9, 8, 3, 4, 2, 6, 6, 1, 2, 3, 0, 4,
  5, 9, 7, 8, 3, 6, 7, 4, 2, 0, 9, 5, 8, 1, 5, 8, 6, 9, 7, 2, 0, 1, 3, 4, 8, 9, 4, 5, 3, 6, 2, 0, 1, 7, 9, 4, 3, 8, 6, 1, 7, 2, 0, 5, 2, 5,
  8, 1, 4, 3, 6, 7, 9, 0,
];

/** The Damm check digit of a digit string of known length, as one SQL expression (the fold unrolled). */
function dammSql(digits: string, length: number): string {
  const table = `'{${quasigroup.join(',')}}'::int[]`;
  let interim = '0';
  for (let i = 1; i <= length; i++) interim = `(${table})[(${interim}) * 10 + substr(${digits}, ${i}, 1)::int + 1]`;
  return interim;
}

/** Member g (1-based): its membership number (sequence value g), bill number and dates. */
export function membershipNumberOf(g: number): string {
  return membershipNumberFromSequence(g);
}

export function billNumberOf(g: number): string {
  const base = `2026${String(g).padStart(9, '0')}`;
  return `${base}${dammCheckDigit(base)}`;
}

const coverageStart = Date.UTC(2026, 5, 1); // 2026-06-01
const day = 86_400_000;

/** Member g's paid coverage starts on 2026-06-01 plus (g mod 180) days and lasts two years. */
export function coverageFromOf(g: number): string {
  return new Date(coverageStart + (g % 180) * day).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10);
}

const lines = JSON.stringify([
  {
    code: 'PMI_PLACEMENT_FEE',
    program: 'JKK_JKM',
    amount: billAmount,
    description: { en: 'Placement fee', id: 'Iuran masa penempatan' },
    basis: { en: '24 months', id: '24 bulan' },
    status: 'CONFIRMED',
    source: 'Permenaker 4/2023 Art. 18',
  },
]);

/**
 * N registered PMI members, each with one OPEN placement bill of Rp 332,500 (JKK + JKM),
 * and the payment channel the statement comes from. Returns the seconds each step took.
 *
 * The people bypass the identity service: their NIKs are synthetic 16-digit values
 * ('3204' + the member's serial) that need not pass the NIK rules (area code, birth date,
 * sex). Membership and bill numbers are real ones, check digit included, so that the
 * coverage query's number check accepts them.
 */
export async function generateMembers(db: Kysely<Database>, n: number): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const step = async (name: string, query: ReturnType<typeof sql>) => {
    const started = performance.now();
    await query.execute(db);
    seconds[name] = (performance.now() - started) / 1000;
  };
  await step(
    'persons',
    sql`
    insert into persons (id, nik, full_name, name_normalized, birth_date, sex, nationality)
    select md5('person:' || g)::uuid, '3204' || lpad(g::text, 12, '0'), 'Pekerja Uji ' || g, 'pekerja uji ' || g,
      date '1970-01-01' + (g % 10950), case when g % 2 = 0 then 'F' else 'M' end, 'ID'
    from generate_series(1, ${n}::int) g`,
  );
  await step(
    'memberships',
    sql`
    insert into memberships (id, membership_number, person_id, segment, status, pmi_phase, registration_channel, registered_by)
    select md5('membership:' || g)::uuid, m.base || ${sql.raw(dammSql('m.base', 10))}, md5('person:' || g)::uuid,
      'PMI', 'REGISTERED', 'DURING_PLACEMENT', 'OFFICER', 'bench'
    from generate_series(1, ${n}::int) g cross join lateral (select (1000000000 + g)::text as base) m`,
  );
  await step('membership_number_seq', sql`select setval('membership_number_seq', ${n}::bigint)`);
  await step(
    'bills',
    sql`
    insert into bills (id, bill_number, membership_id, kind, payer_type, regulation_id, lines, coverage,
      period_from, period_to, amount, status, due_date, issued_at, billing_key)
    select md5('bill:' || g)::uuid, b.base || ${sql.raw(dammSql('b.base', 13))}, md5('membership:' || g)::uuid,
      'PMI_PLACEMENT', 'WORKER', 'PERMENAKER-4-2023', ${lines}::jsonb,
      jsonb_build_array(jsonb_build_object('program', 'JKK', 'from', b.covered_from, 'to', b.covered_to),
        jsonb_build_object('program', 'JKM', 'from', b.covered_from, 'to', b.covered_to)),
      b.covered_from, b.covered_to, ${billAmount}::bigint, 'OPEN', b.covered_from, now(), 'bench:' || g
    from generate_series(1, ${n}::int) g cross join lateral (
      select '2026' || lpad(g::text, 9, '0') as base, date '2026-06-01' + (g % 180) as covered_from,
        (date '2026-06-01' + (g % 180) + interval '2 years' - interval '1 day')::date as covered_to) b`,
  );
  await step('bill_number_seq', sql`select setval('bill_number_seq', ${n}::bigint)`);
  await step(
    'payment channel',
    sql`insert into payment_channels (code, name, kind, currency, webhook_secret)
        values (${channelCode}, 'Bench virtual account', 'VIRTUAL_ACCOUNT', 'IDR', 'bench-secret')`,
  );
  // The statistics autovacuum would gather in a running system, so that the posting is
  // planned as it would be in production.
  await step('analyze', sql`analyze persons, memberships, bills, payment_channels`);

  // The SQL and the JavaScript agree on the numbers.
  for (const g of [1, Math.ceil(n / 2), n]) {
    const { rows } = await sql<{ membership_number: string; bill_number: string }>`
      select m.membership_number, b.bill_number from memberships m join bills b on b.membership_id = m.id
      where m.id = md5('membership:' || ${g}::int)::uuid`.execute(db);
    if (rows[0]?.membership_number !== membershipNumberOf(g) || rows[0]?.bill_number !== billNumberOf(g)) {
      throw new Error(`generated numbers for member ${g} differ: ${JSON.stringify(rows[0])}`);
    }
  }
  return seconds;
}

/** A deterministic pseudo-random sequence (mulberry32), so that every run posts the same file. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The channel's statement for `statementDate`: one row per bill, paying it in full, in
 * the order the channel received them (shuffled against bill order).
 */
export function statementCsv(n: number, statementDate: string): { csv: string; body: string } {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i + 1;
  const next = random(20261121);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  const rows: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const g = order[i] as number;
    const secondOfDay = Math.floor((i * 86_400) / n);
    const time = new Date(secondOfDay * 1000).toISOString().slice(11, 19);
    rows[i] = `BENCH-${g},${billNumberOf(g)},${billAmount},${statementDate}T${time}+07:00\n`;
  }
  const body = rows.join('');
  return { csv: `reference,bill_number,amount,paid_at\n${body}`, body };
}
