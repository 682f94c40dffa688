/**
 * The NIK (Nomor Induk Kependudukan), Indonesia's 16-digit national identity number:
 *
 *   PP RR DD  dd mm yy  ssss
 *   area of   birth     serial,
 *   first     date      0001–9999
 *   issue
 *
 * The area is the province, regency/city and district where the NIK was first issued;
 * the day has 40 added for women (41–71). A NIK never changes, so its area code may no
 * longer exist after regions were split or renumbered: unknown regencies and districts
 * are warnings, an unknown province is an error.
 */
import { type FieldIssue, issue } from '../kernel/errors.ts';

/** The official area list, codes as plain digits: '32', '3204', '320405'. */
export interface AreaCodes {
  hasProvince(code2: string): boolean;
  hasRegency(code4: string): boolean;
  hasDistrict(code6: string): boolean;
}

export type Sex = 'F' | 'M';

export interface ParsedNik {
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** Four digits as written, '0001'–'9999'. */
  serial: string;
}

export interface NikCheck {
  issues: FieldIssue[];
  warnings: FieldIssue[];
  /** Present when the NIK is well formed and its birth date exists. */
  parsed?: ParsedNik;
}

/**
 * Checks a NIK against the person's declared birth date and sex.
 * The century is the one that puts the NIK's year closest to the declared year. When the
 * declared birth date is itself malformed, only the NIK's own structure is checked (the
 * birth date field reports its own problem) and `parsed` is absent.
 */
export function checkNik(nik: string, declared: { birthDate: string; sex: Sex }, areas: AreaCodes, pointer = '/person/nik'): NikCheck {
  const formatProblem = formatIssue(nik, pointer);
  if (formatProblem) return { issues: [formatProblem], warnings: [] };

  const parts = splitNik(nik);
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];

  if (!areas.hasProvince(parts.provinceCode)) {
    issues.push(
      issue(
        pointer,
        'NIK_UNKNOWN_PROVINCE',
        `The first 2 digits of the NIK (${parts.provinceCode}) are not an Indonesian province code.`,
        `2 digit pertama NIK (${parts.provinceCode}) bukan kode provinsi di Indonesia.`,
      ),
    );
  } else if (!areas.hasRegency(parts.regencyCode)) {
    // Only the first unknown level is worth a warning: an unknown regency implies the rest.
    warnings.push(
      issue(
        pointer,
        'NIK_UNKNOWN_REGENCY',
        `Digits 1–4 of the NIK (${parts.regencyCode}) are not a current regency or city code; this happens when regions were split or renumbered after the NIK was issued.`,
        `Digit 1–4 NIK (${parts.regencyCode}) bukan kode kabupaten/kota yang berlaku saat ini; hal ini terjadi bila wilayah dimekarkan atau kodenya diubah setelah NIK diterbitkan.`,
      ),
    );
  } else if (!areas.hasDistrict(parts.districtCode)) {
    warnings.push(
      issue(
        pointer,
        'NIK_UNKNOWN_DISTRICT',
        `Digits 1–6 of the NIK (${parts.districtCode}) are not a current district (kecamatan) code; this happens when districts were split or renumbered after the NIK was issued.`,
        `Digit 1–6 NIK (${parts.districtCode}) bukan kode kecamatan yang berlaku saat ini; hal ini terjadi bila kecamatan dimekarkan atau kodenya diubah setelah NIK diterbitkan.`,
      ),
    );
  }

  const declaredDate = parseIsoDate(declared.birthDate);
  // Without a usable declared date, a year 1920–2019 only serves the leap-year check.
  const year = yearNear(parts.yy, declaredDate?.year ?? 1970);
  const decoded = decodeDay(parts.rawDay);
  const dateProblems = dateIssues(parts, year, pointer);
  issues.push(...dateProblems);

  if (parts.serial === '0000') {
    issues.push(
      issue(
        pointer,
        'NIK_SERIAL_ZERO',
        'The last 4 digits of the NIK (the serial number) cannot be 0000.',
        '4 digit terakhir NIK (nomor urut) tidak boleh 0000.',
      ),
    );
  }

  if (declaredDate && decoded && dateProblems.length === 0) {
    const sameDate = decoded.day === declaredDate.day && parts.month === declaredDate.month && parts.yy === declaredDate.year % 100;
    if (!sameDate) {
      const inNik = `${pad2(decoded.day)}-${pad2(parts.month)}-${pad2(parts.yy)}`;
      const stated = `${pad2(declaredDate.day)}-${pad2(declaredDate.month)}-${declaredDate.year}`;
      issues.push(
        issue(
          pointer,
          'NIK_BIRTH_DATE_MISMATCH',
          `The birth date in the NIK (${inNik}) does not match the declared birth date (${stated}).`,
          `Tanggal lahir dalam NIK (${inNik}) tidak sesuai dengan tanggal lahir yang diisi (${stated}).`,
        ),
      );
    }
  }

  if (decoded && decoded.sex !== declared.sex) {
    issues.push(
      decoded.sex === 'F'
        ? issue(
            pointer,
            'NIK_SEX_MISMATCH',
            "The NIK is a woman's (its birth day is 41–71), but the declared sex is male.",
            'NIK ini milik perempuan (tanggal lahirnya 41–71), tetapi jenis kelamin yang diisi laki-laki.',
          )
        : issue(
            pointer,
            'NIK_SEX_MISMATCH',
            "The NIK is a man's (its birth day is 01–31), but the declared sex is female.",
            'NIK ini milik laki-laki (tanggal lahirnya 01–31), tetapi jenis kelamin yang diisi perempuan.',
          ),
    );
  }

  const parsed =
    declaredDate && decoded && dateProblems.length === 0 && parts.serial !== '0000' ? toParsed(parts, decoded, year) : undefined;
  return parsed ? { issues, warnings, parsed } : { issues, warnings };
}

/**
 * Reads a NIK when nothing is declared to compare it with. The century is the latest one
 * that does not put the birth date after `today`. Undefined when the NIK cannot be a NIK:
 * wrong format, impossible date or serial 0000 (the area is not checked here).
 */
export function parseNik(nik: string, today: string): ParsedNik | undefined {
  const now = parseIsoDate(today);
  if (!now) throw new RangeError(`today must be a date as YYYY-MM-DD; got ${JSON.stringify(today)}`);
  if (!/^[0-9]{16}$/.test(nik)) return undefined;

  const parts = splitNik(nik);
  const decoded = decodeDay(parts.rawDay);
  if (!decoded || parts.serial === '0000' || parts.month < 1 || parts.month > 12) return undefined;

  let year = now.year - (now.year % 100) + parts.yy;
  const candidate = isoDate({ year, month: parts.month, day: decoded.day });
  if (candidate > today) year -= 100;
  if (decoded.day > daysInMonth(year, parts.month)) return undefined;
  return toParsed(parts, decoded, year);
}

/** Builds a structurally valid NIK, for demo data and tests. */
export function syntheticNik(area: string, birthDate: string, sex: Sex, serial: number): string {
  if (!/^[0-9]{6}$/.test(area)) throw new RangeError(`area must be 6 digits; got ${JSON.stringify(area)}`);
  const date = parseIsoDate(birthDate);
  if (!date) throw new RangeError(`birthDate must be a date as YYYY-MM-DD; got ${JSON.stringify(birthDate)}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999) {
    throw new RangeError(`serial must be an integer from 1 to 9999; got ${serial}`);
  }
  const day = sex === 'F' ? date.day + 40 : date.day;
  return `${area}${pad2(day)}${pad2(date.month)}${pad2(date.year % 100)}${String(serial).padStart(4, '0')}`;
}

/** For logs: keeps the area of first issue (6 digits), masks the birth date and serial. */
export function redactNik(nik: string): string {
  const chars = Array.from(nik);
  // Too short to be a NIK: nothing in it is known to be only an area code.
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 6);
}

/** For logs: keeps the last 2 characters, enough to tell two passports of one person apart. */
export function redactPassport(number: string): string {
  const chars = Array.from(number);
  // Revealing 2 of 4 characters or fewer would reveal too much of the number.
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
}

interface NikParts {
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  rawDay: number;
  month: number;
  yy: number;
  serial: string;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function splitNik(nik: string): NikParts {
  return {
    provinceCode: nik.slice(0, 2),
    regencyCode: nik.slice(0, 4),
    districtCode: nik.slice(0, 6),
    rawDay: Number(nik.slice(6, 8)),
    month: Number(nik.slice(8, 10)),
    yy: Number(nik.slice(10, 12)),
    serial: nik.slice(12, 16),
  };
}

function formatIssue(nik: string, pointer: string): FieldIssue | undefined {
  const chars = Array.from(nik);
  if (chars.some((c) => /\s/u.test(c))) {
    return issue(
      pointer,
      'NIK_FORMAT',
      'NIK must be written as 16 digits without spaces.',
      'NIK harus ditulis sebagai 16 digit tanpa spasi.',
    );
  }
  const position = chars.findIndex((c) => c < '0' || c > '9');
  if (position >= 0) {
    const found = JSON.stringify(chars[position]);
    return issue(
      pointer,
      'NIK_FORMAT',
      `NIK must contain only the digits 0–9; character ${position + 1} is ${found}.`,
      `NIK hanya boleh berisi angka 0–9; karakter ke-${position + 1} adalah ${found}.`,
    );
  }
  if (chars.length !== 16) {
    return issue(pointer, 'NIK_FORMAT', `NIK must be 16 digits; got ${chars.length}.`, `NIK harus 16 digit; diterima ${chars.length}.`);
  }
  return undefined;
}

/** Women's days are 41–71; 32–40 and above 71 are nobody's. */
function decodeDay(rawDay: number): { day: number; sex: Sex } | undefined {
  if (rawDay >= 1 && rawDay <= 31) return { day: rawDay, sex: 'M' };
  if (rawDay >= 41 && rawDay <= 71) return { day: rawDay - 40, sex: 'F' };
  return undefined;
}

function dateIssues(parts: NikParts, year: number, pointer: string): FieldIssue[] {
  const found: FieldIssue[] = [];
  const decoded = decodeDay(parts.rawDay);
  const monthExists = parts.month >= 1 && parts.month <= 12;
  if (!decoded) {
    found.push(
      issue(
        pointer,
        'NIK_IMPOSSIBLE_DATE',
        `Digits 7–8 of the NIK (${pad2(parts.rawDay)}) are not a birth day: they must be 01–31, or 41–71 for women.`,
        `Digit 7–8 NIK (${pad2(parts.rawDay)}) bukan tanggal lahir: harus 01–31, atau 41–71 untuk perempuan.`,
      ),
    );
  }
  if (!monthExists) {
    found.push(
      issue(
        pointer,
        'NIK_IMPOSSIBLE_DATE',
        `Digits 9–10 of the NIK (${pad2(parts.month)}) are not a month: they must be 01–12.`,
        `Digit 9–10 NIK (${pad2(parts.month)}) bukan bulan: harus 01–12.`,
      ),
    );
  }
  if (decoded && monthExists) {
    const length = daysInMonth(year, parts.month);
    if (decoded.day > length) {
      found.push(
        parts.month === 2 && decoded.day === 29
          ? issue(
              pointer,
              'NIK_IMPOSSIBLE_DATE',
              `The birth date in the NIK is 29 February ${year}, but ${year} is not a leap year.`,
              `Tanggal lahir dalam NIK adalah 29 Februari ${year}, padahal ${year} bukan tahun kabisat.`,
            )
          : issue(
              pointer,
              'NIK_IMPOSSIBLE_DATE',
              `The birth date in the NIK has day ${decoded.day} in month ${pad2(parts.month)}, which has only ${length} days.`,
              `Tanggal lahir dalam NIK berisi tanggal ${decoded.day} pada bulan ${pad2(parts.month)}, padahal bulan itu hanya memiliki ${length} hari.`,
            ),
      );
    }
  }
  return found;
}

function toParsed(parts: NikParts, decoded: { day: number; sex: Sex }, year: number): ParsedNik {
  return {
    provinceCode: parts.provinceCode,
    regencyCode: parts.regencyCode,
    districtCode: parts.districtCode,
    birthDate: isoDate({ year, month: parts.month, day: decoded.day }),
    sex: decoded.sex,
    serial: parts.serial,
  };
}

/** The year ending in `yy` nearest to `reference` (within 50 years). */
function yearNear(yy: number, reference: number): number {
  const candidate = reference - (reference % 100) + yy;
  if (candidate - reference > 50) return candidate - 100;
  if (reference - candidate > 50) return candidate + 100;
  return candidate;
}

function parseIsoDate(text: string): CalendarDate | undefined {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12) return undefined;
  if (date.day < 1 || date.day > daysInMonth(date.year, date.month)) return undefined;
  return date;
}

function isoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
