/**
 * Comparison levels, field by field, in the Fellegi–Sunter tradition: each pair of records
 * gets one level per field, and each level a weight log2(m/u) learned from the data. The
 * first level of every field is MISSING (one side has no value): it weighs nothing.
 *
 * The batch engine computes the same levels in SQL (`duckdb-engine.ts`); a test checks
 * that both agree. Pure: no I/O.
 */
import { type HarmonizedName, harmonizeName } from './names.ts';

/** A record from any source, as the engine reads it. Absent values are null. */
export interface LinkRecord {
  id: string;
  nik: string | null;
  name: string | null;
  /** F or M (P and L, the Indonesian initials, are read too). */
  sex: string | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  passport: string | null;
  phone: string | null;
  /** ISO 3166-1 alpha-2 destination country. */
  country: string | null;
  /** Regency of birth or first NIK issue (4 digits), when known without a NIK. */
  region: string | null;
}

export interface PreparedRecord {
  id: string;
  nik: string | null;
  name: HarmonizedName | null;
  sex: 'F' | 'M' | null;
  birthDate: string | null;
  passport: string | null;
  phone: string | null;
  country: string | null;
  region: string | null;
}

export const comparisonFields = ['nik', 'passport', 'phone', 'name', 'birthDate', 'sex', 'region', 'country'] as const;
export type ComparisonField = (typeof comparisonFields)[number];

export const comparisonLevels = {
  nik: ['MISSING', 'EXACT', 'ONE_DIGIT_OFF', 'DIFFERENT'],
  passport: ['MISSING', 'EXACT', 'ONE_CHARACTER_OFF', 'DIFFERENT'],
  phone: ['MISSING', 'EXACT', 'DIFFERENT'],
  name: ['MISSING', 'EXACT', 'SIMILAR', 'SUBSET', 'PARTIAL', 'DIFFERENT'],
  birthDate: ['MISSING', 'EXACT', 'DAY_MONTH_SWAPPED', 'YEAR_OFF_BY_ONE', 'ONE_PART_DIFFERENT', 'DIFFERENT'],
  sex: ['MISSING', 'SAME', 'DIFFERENT'],
  region: ['MISSING', 'SAME_REGENCY', 'SAME_PROVINCE', 'DIFFERENT'],
  country: ['MISSING', 'SAME', 'DIFFERENT'],
} as const satisfies Record<ComparisonField, readonly string[]>;

/** Jaro-Winkler similarity at or above which two name keys are SIMILAR. */
export const NAME_SIMILAR = 0.92;
/** … and PARTIAL (or when they share a token). */
export const NAME_PARTIAL = 0.8;

/** Index of each field's level, in `comparisonFields` order. */
export type ComparisonVector = number[];

const clean = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The digits that identify a phone line: the last 9, whatever the country prefix. */
export function phoneKey(phone: string | null): string | null {
  const digits = (phone ?? '').replace(/[^0-9]/g, '');
  return digits.length >= 7 ? digits.slice(-9) : null;
}

export function passportKey(passport: string | null): string | null {
  const key = (passport ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key.length > 0 ? key : null;
}

/** A NIK is kept only when it has its 16 digits; anything else is as good as missing. */
export function nikKey(nik: string | null): string | null {
  const digits = (nik ?? '').replace(/[\s.-]/g, '');
  return /^[0-9]{16}$/.test(digits) ? digits : null;
}

/** F/M, and the Indonesian P (perempuan) and L (laki-laki). */
export function sexOf(value: string | null): 'F' | 'M' | null {
  const v = value?.trim().toUpperCase();
  return v === 'F' || v === 'P' ? 'F' : v === 'M' || v === 'L' ? 'M' : null;
}

export function prepareRecord(record: LinkRecord): PreparedRecord {
  const name = clean(record.name);
  const harmonized = name ? harmonizeName(name) : null;
  const birthDate = clean(record.birthDate);
  return {
    id: record.id,
    nik: nikKey(record.nik),
    name: harmonized && harmonized.tokens.length > 0 ? harmonized : null,
    sex: sexOf(record.sex),
    birthDate: birthDate && isCalendarDate(birthDate) ? birthDate : null,
    passport: passportKey(record.passport),
    phone: phoneKey(record.phone),
    country: clean(record.country)?.toUpperCase() ?? null,
    region:
      clean(record.region)
        ?.replace(/[^0-9]/g, '')
        .slice(0, 4) || null,
  };
}

function isCalendarDate(text: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The regency a record's person comes from: the NIK's first 4 digits, or the stated region. */
export function regionOf(record: PreparedRecord): string | null {
  return record.nik ? record.nik.slice(0, 4) : record.region;
}

/** Restricted Damerau-Levenshtein distance of at most one (one edit or one swap of neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    const [i, j] = diffs as [number, number];
    return diffs.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return shorter.slice(i) === longer.slice(i + 1);
}

/** Jaro-Winkler similarity (prefix scale 0.1 over at most 4 characters), exactly as DuckDB computes it. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!bMatched[j] && a[i] === b[j]) {
        aMatched[i] = true;
        bMatched[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  // Half the transpositions, rounded down, as DuckDB (rapidfuzz) counts them.
  const jaro = (matches / a.length + matches / b.length + (matches - Math.floor(transpositions / 2)) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

function compareNames(a: HarmonizedName, b: HarmonizedName): number {
  const L = comparisonLevels.name;
  let level: (typeof L)[number];
  if (a.key === b.key) level = 'EXACT';
  else {
    const similarity = jaroWinkler(a.key, b.key);
    const mine = new Set(a.tokens);
    const theirs = new Set(b.tokens);
    const shared = [...mine].filter((t) => theirs.has(t)).length;
    const smaller = Math.min(mine.size, theirs.size);
    if (similarity >= NAME_SIMILAR) level = 'SIMILAR';
    else if (shared >= smaller) level = 'SUBSET';
    else if (similarity >= NAME_PARTIAL || shared > 0) level = 'PARTIAL';
    else level = 'DIFFERENT';
  }
  // Siblings share names but not birth order; clansmen share a clan, not a father.
  const conflict =
    (a.clan !== null && b.clan !== null && a.clan !== b.clan) ||
    (a.birthOrder !== null && b.birthOrder !== null && a.birthOrder !== b.birthOrder) ||
    (a.father !== null && b.father !== null && a.father !== b.father);
  if (conflict && (level === 'EXACT' || level === 'SIMILAR' || level === 'SUBSET')) level = 'PARTIAL';
  return L.indexOf(level);
}

function compareBirthDates(a: string, b: string): number {
  const L = comparisonLevels.birthDate;
  if (a === b) return L.indexOf('EXACT');
  const [ay, am, ad] = [a.slice(0, 4), a.slice(5, 7), a.slice(8, 10)];
  const [by, bm, bd] = [b.slice(0, 4), b.slice(5, 7), b.slice(8, 10)];
  if (ay === by && am === bd && ad === bm) return L.indexOf('DAY_MONTH_SWAPPED');
  if (am === bm && ad === bd && Math.abs(Number(ay) - Number(by)) === 1) return L.indexOf('YEAR_OFF_BY_ONE');
  const same = Number(ay === by) + Number(am === bm) + Number(ad === bd);
  return L.indexOf(same === 2 ? 'ONE_PART_DIFFERENT' : 'DIFFERENT');
}

/** The comparison vector of two prepared records, one level index per field. */
export function compareRecords(a: PreparedRecord, b: PreparedRecord): ComparisonVector {
  const bothNik = a.nik !== null && b.nik !== null;
  const regionA = regionOf(a);
  const regionB = regionOf(b);
  return [
    !bothNik ? 0 : a.nik === b.nik ? 1 : withinOneEdit(a.nik as string, b.nik as string) ? 2 : 3,
    a.passport === null || b.passport === null ? 0 : a.passport === b.passport ? 1 : withinOneEdit(a.passport, b.passport) ? 2 : 3,
    a.phone === null || b.phone === null ? 0 : a.phone === b.phone ? 1 : 2,
    a.name === null || b.name === null ? 0 : compareNames(a.name, b.name),
    a.birthDate === null || b.birthDate === null ? 0 : compareBirthDates(a.birthDate, b.birthDate),
    a.sex === null || b.sex === null ? 0 : a.sex === b.sex ? 1 : 2,
    // Two NIKs already compare the region they start with: counting it twice would not be independent evidence.
    bothNik || regionA === null || regionB === null ? 0 : regionA === regionB ? 1 : regionA.slice(0, 2) === regionB.slice(0, 2) ? 2 : 3,
    a.country === null || b.country === null ? 0 : a.country === b.country ? 1 : 2,
  ];
}

/** Field names with the level each index stands for. */
export function levelName(field: ComparisonField, index: number): string {
  return comparisonLevels[field][index] ?? 'MISSING';
}
