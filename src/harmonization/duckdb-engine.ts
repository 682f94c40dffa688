/**
 * The batch linker: two sets of records (CSV files or records handed over in memory) are
 * loaded into an in-memory DuckDB, blocked into candidate pairs, compared field by field in
 * SQL (the same levels as `comparisons.ts`), weighted with a stored model or one estimated
 * here (u from random pairs, m by EM), and decided one-to-one per source record.
 * Names are harmonized in JavaScript once per distinct spelling (`names.ts`).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { DomainError, type FieldIssue, issue } from '../kernel/errors.ts';
import { type ComparisonField, comparisonFields, comparisonLevels, type LinkRecord, NAME_PARTIAL, NAME_SIMILAR } from './comparisons.ts';
import {
  defaultThresholds,
  estimateModel,
  estimateU,
  type LinkageModel,
  levelWeight,
  type PatternCount,
  priorWeight,
  type TrainingSession,
} from './model.ts';
import { harmonizeName } from './names.ts';
import { MIN_RECORDS_TO_ESTIMATE, referenceModel } from './reference-model.ts';

/** The columns the engine reads when present; any others are ignored. */
export const linkColumns = ['nik', 'name', 'sex', 'birth_date', 'passport', 'phone', 'country', 'region'] as const;

export type LinkSource = { kind: 'csv'; path: string; idColumn: string } | { kind: 'records'; records: Iterable<LinkRecord> };

/** An officer's decision on a pair, fed back into the estimation. */
export interface PairLabel {
  leftId: string;
  rightId: string;
  match: boolean;
}

export interface LinkageOptions {
  left: LinkSource;
  /** Absent: the left records are linked against themselves (duplicates in one register). */
  right?: LinkSource;
  /** A stored model; without it, one is estimated from these records. */
  model?: LinkageModel;
  labels?: readonly PairLabel[];
  thresholds?: { link: number; review: number };
  /**
   * 'both' (default): a left record is linked to at most one right record too, as when two
   * files each hold a person once. 'right': several right records may link to one left
   * record, as when a register is fed by many sources.
   */
  oneToOne?: 'both' | 'right';
  onProgress?: (stage: string, step: number, steps: number) => void;
  threads?: number;
  /** DuckDB's memory limit (default '2GB'), beyond which it spills to a temporary folder. */
  memoryLimit?: string;
}

export interface LinkageCounts {
  leftRecords: number;
  rightRecords: number;
  candidatePairs: number;
  linked: number;
  review: number;
  new: number;
}

export interface DecisionRow {
  rightId: string;
  leftId: string | null;
  decision: 'LINKED' | 'REVIEW' | 'NEW';
  weight: number | null;
  /** Level index per field, in `comparisonFields` order; null for NEW. */
  levels: number[] | null;
  nameFrequency: number | null;
}

export interface LinkageSession {
  model: LinkageModel;
  counts: LinkageCounts;
  /** Writes `left_id,right_id,weight,probability,decision,explanation` for the links (and, asked, the pairs to review). */
  writeCsv(path: string, options?: { includeReview?: boolean }): Promise<number>;
  /** Every right record's decision (in dedupe mode: every pair found, with the left record of the pair). */
  decisions(): AsyncIterable<DecisionRow[]>;
  close(): void;
}

const STEPS = 7;

function inputError(issues: FieldIssue[]): DomainError {
  return new DomainError(
    'invalid',
    'LINK_INPUT_INVALID',
    {
      en: 'The records to link cannot be read; nothing was written.',
      id: 'Data yang akan ditautkan tidak dapat dibaca; tidak ada yang ditulis.',
    },
    { issues },
  );
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const sqlIdentifier = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** UTF-8 (with or without a byte-order mark) is the one encoding read; anything else is refused by name. */
async function checkEncoding(path: string, pointer: string): Promise<FieldIssue | undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let offset = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      if (first) {
        first = false;
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
          return issue(
            pointer,
            'UNSUPPORTED_ENCODING',
            'The file is UTF-16; save it as UTF-8 and try again.',
            'Berkas ini berkodean UTF-16; simpan sebagai UTF-8 lalu coba lagi.',
          );
        }
      }
      decoder.decode(bytes, { stream: true });
      offset += bytes.length;
    }
    decoder.decode();
  } catch {
    return issue(
      pointer,
      'UNSUPPORTED_ENCODING',
      `The file is not valid UTF-8 (near byte ${offset}); save it as UTF-8 (for example from Latin-1 or Windows-1252) and try again.`,
      `Berkas ini bukan UTF-8 yang sah (sekitar bita ${offset}); simpan sebagai UTF-8 (misalnya dari Latin-1 atau Windows-1252) lalu coba lagi.`,
    );
  }
  return undefined;
}

/** The column names of the header line (the first line, without a byte-order mark). */
async function readHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let text = buffer.subarray(0, bytesRead).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const end = text.search(/\r?\n/);
    const line = end < 0 ? text : text.slice(0, end);
    if (line.trim() === '') return [];
    return (parse(line, { relax_quotes: false }) as string[][])[0]?.map((c) => c.trim()) ?? [];
  } catch {
    return [];
  } finally {
    await handle.close();
  }
}

async function loadCsv(
  connection: DuckDBConnection,
  table: string,
  source: { path: string; idColumn: string },
  pointer: string,
): Promise<FieldIssue[]> {
  let size: number;
  try {
    size = (await stat(source.path)).size;
  } catch {
    return [
      issue(
        pointer,
        'FILE_NOT_FOUND',
        `There is no readable file at ${source.path}.`,
        `Tidak ada berkas yang dapat dibaca di ${source.path}.`,
      ),
    ];
  }
  if (size === 0) return [issue(pointer, 'EMPTY_FILE', `${source.path} is empty.`, `${source.path} kosong.`)];
  const encoding = await checkEncoding(source.path, pointer);
  if (encoding) return [encoding];
  const columns = await readHeader(source.path);
  if (columns.length === 0)
    return [issue(pointer, 'MALFORMED_FILE', `${source.path} has no header line.`, `${source.path} tidak memiliki baris judul kolom.`)];
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) {
    return [
      issue(
        pointer,
        'MALFORMED_FILE',
        `${source.path} names the column ${repeated[0]} twice.`,
        `${source.path} menamai kolom ${repeated[0]} dua kali.`,
      ),
    ];
  }
  const columnTypes = `{${columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}}`;
  try {
    await connection.run(
      `create table ${table}_csv as select * from read_csv(${sqlString(source.path)}, header = true, auto_detect = false, strict_mode = true,
        delim = ',', quote = '"', escape = '"', null_padding = false, columns = ${columnTypes})`,
    );
  } catch (error) {
    const lines = (error instanceof Error ? error.message : String(error)).split('\n');
    const detail =
      lines.filter((l) => /^(.*CSV Error on Line.*|Expected Number.*|Value with unterminated.*)$/.test(l)).join(' ') || (lines[0] ?? '');
    return [
      issue(
        pointer,
        'MALFORMED_FILE',
        `${source.path} is not a well-formed CSV file: ${detail}`,
        `${source.path} bukan berkas CSV yang benar: ${detail}`,
      ),
    ];
  }
  const issues: FieldIssue[] = [];
  if (!columns.includes(source.idColumn)) {
    issues.push(
      issue(
        pointer,
        'MISSING_COLUMN',
        `${source.path} has no column "${source.idColumn}" to identify its records (its columns: ${columns.join(', ')}).`,
        `${source.path} tidak memiliki kolom "${source.idColumn}" sebagai pengenal baris (kolomnya: ${columns.join(', ')}).`,
      ),
    );
  }
  if (!columns.some((c) => c === 'name' || c === 'nik' || c === 'passport')) {
    issues.push(
      issue(
        pointer,
        'MISSING_COLUMN',
        `${source.path} needs at least one of the columns name, nik or passport to compare records by.`,
        `${source.path} memerlukan setidaknya salah satu kolom name, nik, atau passport untuk membandingkan data.`,
      ),
    );
  }
  if (issues.length > 0) return issues;
  const rows = Number((await connection.runAndReadAll(`select count(*) as n from ${table}_csv`)).getRowObjectsJS()[0]?.n ?? 0);
  if (rows === 0)
    return [
      issue(
        pointer,
        'EMPTY_FILE',
        `${source.path} has a header but no records.`,
        `${source.path} memiliki judul kolom tetapi tidak ada data.`,
      ),
    ];
  const id = sqlIdentifier(source.idColumn);
  const missing = Number(
    (await connection.runAndReadAll(`select count(*) as n from ${table}_csv where nullif(trim(${id}), '') is null`)).getRowObjectsJS()[0]
      ?.n ?? 0,
  );
  if (missing > 0) {
    issues.push(
      issue(
        pointer,
        'MISSING_ID',
        `${missing} records of ${source.path} have no ${source.idColumn}.`,
        `${missing} baris ${source.path} tidak memiliki ${source.idColumn}.`,
      ),
    );
  }
  const duplicates = (
    await connection.runAndReadAll(`select ${id} as id from ${table}_csv group by 1 having count(*) > 1 limit 3`)
  ).getRowObjectsJS();
  if (duplicates.length > 0) {
    const ids = duplicates.map((d) => String(d.id)).join(', ');
    issues.push(
      issue(
        pointer,
        'DUPLICATE_ID',
        `${source.path} has the same ${source.idColumn} on several records (${ids}).`,
        `${source.path} memuat ${source.idColumn} yang sama pada beberapa baris (${ids}).`,
      ),
    );
  }
  if (issues.length > 0) return issues;
  const select = [
    `trim(${id}) as id`,
    ...linkColumns.map((c) => (columns.includes(c) ? `${sqlIdentifier(c)} as ${c}` : `null::varchar as ${c}`)),
  ];
  await connection.run(`create view ${table} as select ${select.join(', ')} from ${table}_csv`);
  return [];
}

async function loadRecords(connection: DuckDBConnection, table: string, records: Iterable<LinkRecord>): Promise<void> {
  await connection.run(`create table ${table} (id varchar, ${linkColumns.map((c) => `${c} varchar`).join(', ')})`);
  const appender = await connection.createAppender(table);
  const put = (value: string | null) => (value === null || value === undefined ? appender.appendNull() : appender.appendVarchar(value));
  for (const r of records) {
    put(r.id);
    put(r.nik);
    put(r.name);
    put(r.sex);
    put(r.birthDate);
    put(r.passport);
    put(r.phone);
    put(r.country);
    put(r.region);
    appender.endRow();
  }
  appender.closeSync();
}

/** Cleans one side into the shape compared: the same rules as `prepareRecord`. */
function prepareSql(raw: string, table: string): string {
  return `create view ${table} as select id,
    replace(replace(replace(trim(nik), ' ', ''), '.', ''), '-', '') as nik_digits,
    case when length(nik_digits) = 16 and regexp_full_match(nik_digits, '[0-9]{16}') then nik_digits end as nik,
    -- Upper case first: fewer distinct spellings to harmonize, the same keys.
    nullif(upper(trim(name)), '') as name_raw,
    case upper(trim(sex)) when 'F' then 'F' when 'P' then 'F' when 'M' then 'M' when 'L' then 'M' end as sex,
    trim(birth_date) as birth_text,
    case when length(birth_text) = 10 and substr(birth_text, 5, 1) = '-' and substr(birth_text, 8, 1) = '-'
      then try_cast(birth_text as date)::varchar end as birth_date,
    nullif(regexp_replace(upper(passport), '[^A-Z0-9]', '', 'g'), '') as passport,
    regexp_replace(phone, '[^0-9]', '', 'g') as phone_digits,
    case when length(phone_digits) >= 7 then right(phone_digits, 9) end as phone,
    nullif(upper(trim(country)), '') as country,
    nullif(left(regexp_replace(region, '[^0-9]', '', 'g'), 4), '') as region
    from ${raw}`;
}

async function harmonizeNames(connection: DuckDBConnection, tables: string[]): Promise<void> {
  const union = tables.map((t) => `select name_raw from ${t} where name_raw is not null`).join(' union ');
  const distinct = await connection.runAndReadAll(`select distinct name_raw from (${union})`);
  const names = distinct.getColumnsJS()[0] as string[] | undefined;
  await connection.run('create table names (name_raw varchar, key varchar, clan varchar, birth_order integer, father varchar)');
  const appender = await connection.createAppender('names');
  for (const raw of names ?? []) {
    const h = harmonizeName(raw);
    if (h.tokens.length === 0) continue;
    appender.appendVarchar(raw);
    appender.appendVarchar(h.key);
    if (h.clan === null) appender.appendNull();
    else appender.appendVarchar(h.clan);
    if (h.birthOrder === null) appender.appendNull();
    else appender.appendInteger(h.birthOrder);
    if (h.father === null) appender.appendNull();
    else appender.appendVarchar(h.father);
    appender.endRow();
  }
  appender.closeSync();
}

/** Adds the harmonized name and the parts of the birth date to a prepared side. */
function enrichSql(table: string, into: string): string {
  // Only what is compared: narrow rows keep the pair joins in memory. Row numbers stand in
  // for the ids in the pair tables: integers join faster than text.
  return `create table ${into} as select row_number() over () as rid, p.id, p.nik, p.sex, p.birth_date, p.passport, p.phone, p.country,
    n.key, list_distinct(string_split(n.key, ' ')) as toks, n.clan, n.birth_order, n.father,
    coalesce(left(p.nik, 4), p.region) as region_eff,
    year(p.birth_date::date)::smallint as y, month(p.birth_date::date)::tinyint as m, day(p.birth_date::date)::tinyint as d
    from ${table} p left join names n using (name_raw)`;
}

/**
 * One edit or one swap of neighbours apart. The edit distance is slow, so it is computed
 * only for strings that could be that close: equal lengths give or take one, and the
 * first or the last half (nearly) the same, as one edit leaves one of them untouched.
 */
function withinOneEdit(a: string, b: string): string {
  const half = `greatest((least(length(${a}), length(${b})) - 2) // 2, 0)`;
  return `(abs(length(${a}) - length(${b})) <= 1 and (left(${a}, ${half}) = left(${b}, ${half}) or right(${a}, ${half}) = right(${b}, ${half}))
      and damerau_levenshtein(${a}, ${b}) <= 1)`;
}

/** The comparison vector in SQL, `a` the left record and `b` the right one (the levels of `comparisons.ts`). */
const comparisonSql = `
  case when a.nik is null or b.nik is null then 0 when a.nik = b.nik then 1 when ${withinOneEdit('a.nik', 'b.nik')} then 2 else 3 end as v_nik,
  case when a.passport is null or b.passport is null then 0 when a.passport = b.passport then 1
    when ${withinOneEdit('a.passport', 'b.passport')} then 2 else 3 end as v_passport,
  case when a.phone is null or b.phone is null then 0 when a.phone = b.phone then 1 else 2 end as v_phone,
  jaro_winkler_similarity(a.key, b.key) as name_jw,
  len(list_intersect(a.toks, b.toks)) as name_shared,
  (coalesce(a.clan <> b.clan, false) or coalesce(a.birth_order <> b.birth_order, false) or coalesce(a.father <> b.father, false)) as name_conflict,
  case when a.key is null or b.key is null then 0
    when name_conflict and (a.key = b.key or name_jw >= ${NAME_SIMILAR} or name_shared >= least(len(a.toks), len(b.toks))) then 4
    when a.key = b.key then 1
    when name_jw >= ${NAME_SIMILAR} then 2
    when name_shared >= least(len(a.toks), len(b.toks)) then 3
    when name_jw >= ${NAME_PARTIAL} or name_shared > 0 then 4
    else 5 end as v_name,
  case when a.birth_date is null or b.birth_date is null then 0
    when a.birth_date = b.birth_date then 1
    when a.y = b.y and a.m = b.d and a.d = b.m then 2
    when a.m = b.m and a.d = b.d and abs(a.y - b.y) = 1 then 3
    when (a.y = b.y)::int + (a.m = b.m)::int + (a.d = b.d)::int = 2 then 4
    else 5 end as v_birth_date,
  case when a.sex is null or b.sex is null then 0 when a.sex = b.sex then 1 else 2 end as v_sex,
  case when (a.nik is not null and b.nik is not null) or a.region_eff is null or b.region_eff is null then 0
    when a.region_eff = b.region_eff then 1 when left(a.region_eff, 2) = left(b.region_eff, 2) then 2 else 3 end as v_region,
  case when a.country is null or b.country is null then 0 when a.country = b.country then 1 else 2 end as v_country`;

const vectorColumns = ['v_nik', 'v_passport', 'v_phone', 'v_name', 'v_birth_date', 'v_sex', 'v_region', 'v_country'] as const;

/**
 * Blocking: a pair is compared only when it shares one of these. Together they keep the
 * candidate pairs to a few per record while a true match missing its NIK, with a renewed
 * passport and a new phone, a name typo or a wrong birth date still meets its record.
 */
function blockingSql(dedupe: boolean): string[] {
  const order = dedupe ? 'and a.rid < b.rid' : '';
  const rules = [
    'a.nik = b.nik',
    // a NIK mistyped in one digit keeps its first or its last eight
    'left(a.nik, 8) = left(b.nik, 8) and a.nik <> b.nik',
    'right(a.nik, 8) = right(b.nik, 8) and a.nik <> b.nik',
    'a.passport = b.passport',
    'a.phone = b.phone',
    // name, with the birth date exact or its day and month swapped
    'a.key = b.key and a.y = b.y and least(a.m, a.d) = least(b.m, b.d) and greatest(a.m, a.d) = greatest(b.m, b.d)',
    // name and birthday, the year off
    'a.key = b.key and a.m = b.m and a.d = b.d',
  ];
  const joins = rules.map((rule) => `select a.rid as l, b.rid as r from lx a join rx b on ${rule} ${order}`);
  // Records meeting nobody that shares their NIK, passport, or name and birth date get a wider net.
  const unsettled = 'rid not in (select r from settled)';
  return [
    `create table pairs1 as select distinct l, r from (${joins.join(' union all ')})`,
    `create table settled as select distinct p.r from pairs1 p join lx a on a.rid = p.l join rx b on b.rid = p.r
      where a.nik = b.nik or a.passport = b.passport or (a.key = b.key and a.birth_date = b.birth_date)`,
    `create table rtok as select rid, birth_date, unnest(list_append(toks, clan)) as tok from rx
      where birth_date is not null and toks is not null and ${unsettled}`,
    `create table pairs as select distinct l, r from (
      select l, r from pairs1
      -- birth date and one name token (or the clan) in common: typos and names written short
      union all select a.rid as l, b.rid as r from ltok a join rtok b on a.birth_date = b.birth_date and a.tok = b.tok ${order}
      -- name, year and month: a mistyped day
      union all select a.rid as l, b.rid as r from lx a join (select * from rx where ${unsettled}) b on a.key = b.key and a.y = b.y and a.m = b.m ${order}
      -- a rare name (${RARE_NAME} people or fewer) when one side has no birth date; a common one could be anybody
      union all select a.rid as l, b.rid as r from (select * from lx where key in (select key from tf where n <= ${RARE_NAME})) a
        join (select * from rx where ${unsettled}) b on a.key = b.key and (a.birth_date is null or b.birth_date is null) ${order})`,
  ];
}

function weightSql(model: LinkageModel, tfColumn: string): string {
  const terms = comparisonFields.map((field, f) => {
    const column = vectorColumns[f] as string;
    const cases = comparisonLevels[field]
      .map((_, level) => (level === 0 ? '' : `when ${level} then ${levelWeight(model, field, level)}`))
      .join(' ');
    const nameTf =
      field === 'name'
        ? `when ${column} = 1 and ${tfColumn} is not null then log2(${Math.max(model.m.name[1] ?? 1e-3, 1e-3)} / greatest(${tfColumn}, 1e-8))`
        : '';
    return `(case ${nameTf ? `${nameTf} ` : ''}${nameTf ? `else case ${column} ${cases} else 0 end` : `${column} ${cases} else 0`} end)`;
  });
  return `${priorWeight(model)} + ${terms.join(' + ')}`;
}

function explanationSql(model: LinkageModel, tfColumn: string): string {
  const parts = comparisonFields.map((field, f) => {
    const column = vectorColumns[f] as string;
    const names = `[${comparisonLevels[field].map((l) => sqlString(l)).join(', ')}]`;
    const weights = `[${comparisonLevels[field].map((_, level) => levelWeight(model, field, level).toFixed(2)).join(', ')}]`;
    const weight =
      field === 'name'
        ? `case when ${column} = 1 and ${tfColumn} is not null then round(log2(${Math.max(model.m.name[1] ?? 1e-3, 1e-3)} / greatest(${tfColumn}, 1e-8)), 2) else ${weights}[${column} + 1] end`
        : `${weights}[${column} + 1]`;
    return `'${field}=' || ${names}[${column} + 1] || '(' || printf('%+.2f', ${weight}) || ')'`;
  });
  return `concat_ws(' ', ${parts.join(', ')})`;
}

const TOP_NAMES = 2000;
/** A name borne by this many register records or fewer is rare enough to block on without a birth date. */
const RARE_NAME = 20;
/** Records drawn from each side for u: their cross product is the random pairs. */
const RANDOM_SIDE = 500;

/** LINDUNG_LINK_TRACE=1 prints each statement's time to standard error (the SQL only, never data). */
function traced(connection: DuckDBConnection): DuckDBConnection {
  if (!process.env.LINDUNG_LINK_TRACE) return connection;
  return new Proxy(connection, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop !== 'run' && prop !== 'runAndReadAll') return typeof value === 'function' ? value.bind(target) : value;
      return async (sqlText: string) => {
        const started = performance.now();
        const result = await (value as (q: string) => Promise<unknown>).call(target, sqlText);
        process.stderr.write(`${(performance.now() - started).toFixed(0).padStart(6)} ms  ${sqlText.replace(/\s+/g, ' ').slice(0, 90)}\n`);
        return result;
      };
    },
  });
}

/** Links `right` to `left` (or `left` to itself) and keeps the session open for the results. */
export async function runLinkage(options: LinkageOptions): Promise<LinkageSession> {
  const progress = options.onProgress ?? (() => {});
  const dedupe = options.right === undefined;
  // Bounded memory: past the limit DuckDB spills joins and sorts to a temporary folder.
  const spill = path.join(tmpdir(), `lindung-duckdb-${process.pid}-${randomUUID()}`);
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? Math.max(1, availableParallelism())),
    preserve_insertion_order: 'false',
    memory_limit: options.memoryLimit ?? '2GB',
    temp_directory: spill,
  });
  const c = traced(await instance.connect());
  try {
    progress('reading', 1, STEPS);
    const issues: FieldIssue[] = [];
    const load = async (source: LinkSource, table: string, pointer: string) => {
      if (source.kind === 'csv') issues.push(...(await loadCsv(c, table, source, pointer)));
      else await loadRecords(c, table, source.records);
    };
    await load(options.left, 'raw_l', '/left');
    if (options.right) await load(options.right, 'raw_r', '/right');
    if (issues.length > 0) throw inputError(issues);

    progress('harmonizing names', 2, STEPS);
    await c.run(prepareSql('raw_l', 'pl'));
    if (!dedupe) await c.run(prepareSql('raw_r', 'pr'));
    await harmonizeNames(c, dedupe ? ['pl'] : ['pl', 'pr']);
    await c.run(enrichSql('pl', 'lx'));
    if (dedupe) await c.run('create view rx as select * from lx');
    else await c.run(enrichSql('pr', 'rx'));
    // What is done with is dropped at once: DuckDB keeps every table in memory.
    const drop = async (...tables: string[]) => {
      for (const table of tables) {
        const kind = (
          await c.runAndReadAll(`select table_type from information_schema.tables where table_name = ${sqlString(table)}`)
        ).getRowObjectsJS()[0]?.table_type;
        if (kind) await c.run(`drop ${kind === 'VIEW' ? 'view' : 'table'} ${table}`);
      }
    };
    await drop('pl', 'pr', 'raw_l', 'raw_r', 'raw_l_csv', 'raw_r_csv', 'names');
    await c.run(
      `create table tf as select key, count(*) as n, count(*) / (select count(*) from lx) as tf from lx where key is not null group by key`,
    );

    progress('blocking', 3, STEPS);
    await c.run(
      'create table ltok as select rid, birth_date, unnest(list_append(toks, clan)) as tok from lx where birth_date is not null and toks is not null',
    );
    for (const statement of blockingSql(dedupe)) await c.run(statement);
    await drop('pairs1', 'settled', 'ltok', 'rtok');

    progress('comparing', 4, STEPS);
    await c.run(
      `create table cmp as select p.l, p.r, ${comparisonSql}, tf.tf as name_tf from pairs p join lx a on a.rid = p.l join rx b on b.rid = p.r left join tf on tf.key = a.key`,
    );

    progress('estimating', 5, STEPS);
    const leftCount = Number((await c.runAndReadAll('select count(*) as n from lx')).getRowObjectsJS()[0]?.n ?? 0);
    const rightCount = Number((await c.runAndReadAll('select count(*) as n from rx')).getRowObjectsJS()[0]?.n ?? 0);
    const tooFew = Math.min(leftCount, rightCount) < MIN_RECORDS_TO_ESTIMATE;
    const model =
      options.model ??
      (tooFew
        ? { ...referenceModel(leftCount), thresholds: options.thresholds ?? { ...defaultThresholds } }
        : await estimate(c, dedupe, options.labels ?? [], options.thresholds));
    const scored = options.thresholds && options.model ? { ...model, thresholds: options.thresholds } : model;
    // A name's frequency among a handful of records says nothing about its frequency in the population.
    if (leftCount < MIN_RECORDS_TO_ESTIMATE) await c.run('update cmp set name_tf = null');

    progress('deciding', 6, STEPS);
    await drop('pairs', 'random_pairs');
    await c.run(`create view scored as select *, ${weightSql(scored, 'name_tf')} as weight from cmp`);
    if (dedupe) {
      await c.run(`create table chosen as select * from scored where weight >= ${scored.thresholds.review}`);
    } else {
      // One-to-one: each right record keeps its best candidate, and each left record the best right record that chose it.
      await c.run(
        `create table best as select * from scored where weight >= ${scored.thresholds.review} qualify row_number() over (partition by r order by weight desc, l) = 1`,
      );
      await c.run(
        options.oneToOne === 'right'
          ? 'create table chosen as select * from best'
          : 'create table chosen as select * from best qualify row_number() over (partition by l order by weight desc, r) = 1',
      );
    }
    await c.run(
      `create table decided as select ch.*, a.id as left_id, b.id as right_id,
        case when weight >= ${scored.thresholds.link} then 'LINKED' else 'REVIEW' end as decision,
        ${explanationSql(scored, 'name_tf')} as explanation
       from chosen ch join lx a on a.rid = ch.l join rx b on b.rid = ch.r`,
    );
    progress('counting', 7, STEPS);
    const count = async (query: string) => Number((await c.runAndReadAll(query)).getRowObjectsJS()[0]?.n ?? 0);
    const counts: LinkageCounts = {
      leftRecords: await count('select count(*) as n from lx'),
      rightRecords: dedupe ? 0 : await count('select count(*) as n from rx'),
      candidatePairs: await count('select count(*) as n from cmp'),
      linked: await count(`select count(*) as n from decided where decision = 'LINKED'`),
      review: await count(`select count(*) as n from decided where decision = 'REVIEW'`),
      new: 0,
    };
    counts.new = dedupe ? 0 : counts.rightRecords - counts.linked - counts.review;
    return session(instance, c, scored, counts, dedupe, spill);
  } catch (error) {
    c.closeSync();
    instance.closeSync();
    rmSync(spill, { recursive: true, force: true });
    throw error;
  }
}

async function estimate(
  c: DuckDBConnection,
  dedupe: boolean,
  labels: readonly PairLabel[],
  thresholds?: { link: number; review: number },
): Promise<LinkageModel> {
  // u: the levels of random pairs, which are almost all different people; the few that
  // share a NIK are the same person and are left out.
  await c.run(
    `create table random_pairs as select ${comparisonSql} from (select * from lx using sample reservoir(${RANDOM_SIDE} rows) repeatable (7)) a
      cross join (select * from rx using sample reservoir(${RANDOM_SIDE} rows) repeatable (11)) b where a.id <> b.id and a.nik is distinct from b.nik`,
  );
  const randomCounts = {} as Record<ComparisonField, number[]>;
  let randomPairs = 0;
  for (const [f, field] of comparisonFields.entries()) {
    const column = vectorColumns[f] as string;
    const rows = (await c.runAndReadAll(`select ${column} as level, count(*) as n from random_pairs group by 1`)).getRowObjectsJS();
    const counts = new Array<number>(comparisonLevels[field].length).fill(0);
    for (const row of rows) counts[Number(row.level)] = Number(row.n);
    randomCounts[field] = counts;
    if (f === 0) randomPairs = counts.reduce((a, b) => a + b, 0);
  }
  const u = estimateU(randomCounts);

  // m: EM over the distinct comparison vectors, per training block (Splink's way); labelled pairs are known answers.
  const labelled: PatternCount[] = [];
  let unlabelled = 'cmp';
  if (labels.length > 0) {
    await c.run('create table labels (left_id varchar, right_id varchar, match boolean)');
    const appender = await c.createAppender('labels');
    for (const label of labels) {
      appender.appendVarchar(label.leftId);
      appender.appendVarchar(label.rightId);
      appender.appendBoolean(label.match);
      appender.endRow();
    }
    appender.closeSync();
    // A labelled pair outside the blocks still teaches what a match (or not) looks like.
    await c.run(
      `create table labelled_cmp as select lb.match, a.rid as l, b.rid as r, ${comparisonSql}
        from labels lb join lx a on a.id = lb.left_id join rx b on b.id = lb.right_id`,
    );
    for (const row of (
      await c.runAndReadAll(`select match, ${vectorColumns.join(', ')}, count(*) as n from labelled_cmp group by all`)
    ).getRowObjectsJS()) {
      labelled.push({ levels: vectorColumns.map((v) => Number(row[v])), count: Number(row.n), label: row.match ? 1 : 0 });
    }
    unlabelled = 'cmp where (l, r) not in (select l, r from labelled_cmp)';
  }
  const patternsOf = async (where: string): Promise<PatternCount[]> =>
    (await c.runAndReadAll(`select ${vectorColumns.join(', ')}, count(*) as n from (select * from ${unlabelled}) x ${where} group by all`))
      .getRowObjectsJS()
      .map((row) => ({ levels: vectorColumns.map((v) => Number(row[v])), count: Number(row.n) }));
  const sessions: TrainingSession[] = [
    // Pairs sharing a NIK: learn everything but the NIK.
    { patterns: [...labelled, ...(await patternsOf('where v_nik = 1'))], blockedFields: ['nik', 'region'] },
    // Pairs sharing name and birth date: learn the identifiers.
    { patterns: [...labelled, ...(await patternsOf('where v_name = 1 and v_birth_date = 1'))], blockedFields: ['name', 'birthDate'] },
  ];
  const all = [...labelled, ...(await patternsOf(''))];
  const sizes = (await c.runAndReadAll('select (select count(*) from lx) as l, (select count(*) from rx) as r')).getRowObjectsJS()[0] ?? {};
  const comparablePairs = dedupe ? (Number(sizes.l) * (Number(sizes.l) - 1)) / 2 : Number(sizes.l) * Number(sizes.r);
  const { expectedMatches: _, ...estimated } = estimateModel(sessions, all, u, { randomPairs, comparablePairs });

  const top = (await c.runAndReadAll(`select key, tf from tf order by tf desc, key limit ${TOP_NAMES}`)).getRowObjectsJS();
  const nameFrequencies: Record<string, number> = {};
  for (const row of top) nameFrequencies[String(row.key)] = Number(row.tf);
  const rare = Number((await c.runAndReadAll('select median(tf) as n from tf')).getRowObjectsJS()[0]?.n ?? 1e-6);
  return { ...estimated, thresholds: thresholds ?? { ...defaultThresholds }, nameFrequencies, rareNameFrequency: rare };
}

function session(
  instance: DuckDBInstance,
  c: DuckDBConnection,
  model: LinkageModel,
  counts: LinkageCounts,
  dedupe: boolean,
  spill: string,
): LinkageSession {
  return {
    model,
    counts,
    async writeCsv(path, options = {}) {
      const where = options.includeReview ? '' : `where decision = 'LINKED'`;
      await c.run(
        `copy (select left_id, right_id, round(weight, 2) as weight, round(1 / (1 + pow(2, -weight)), 6) as probability, decision, explanation
          from decided ${where} order by right_id) to ${sqlString(path)} (header, delimiter ',', quote '"')`,
      );
      return Number((await c.runAndReadAll(`select count(*) as n from decided ${where}`)).getRowObjectsJS()[0]?.n ?? 0);
    },
    async *decisions() {
      const query = dedupe
        ? `select right_id, left_id, decision, weight, ${vectorColumns.join(', ')}, name_tf from decided order by right_id, left_id`
        : `select b.id as right_id, d.left_id, coalesce(d.decision, 'NEW') as decision, d.weight, ${vectorColumns.map((v) => `d.${v}`).join(', ')}, d.name_tf
            from rx b left join decided d on d.r = b.rid order by b.id`;
      const result = await c.stream(query);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk.getRowObjects(result.deduplicatedColumnNames()) as Record<string, unknown>[];
        yield rows.map((row) => ({
          rightId: String(row.right_id),
          leftId: row.left_id === null ? null : String(row.left_id),
          decision: row.decision as DecisionRow['decision'],
          weight: row.weight === null ? null : Number(row.weight),
          levels: row.v_nik === null ? null : vectorColumns.map((v) => Number(row[v])),
          nameFrequency: row.name_tf === null ? null : Number(row.name_tf),
        }));
      }
    },
    close() {
      c.closeSync();
      instance.closeSync();
      rmSync(spill, { recursive: true, force: true });
    },
  };
}
