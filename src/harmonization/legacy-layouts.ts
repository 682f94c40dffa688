/**
 * The policy files of the three insurance consortia that protected PMI before
 * 1 August 2017 (Jasindo, Astindo, Mitra TKI), each in its own layout. The layouts are
 * synthetic reconstructions documented here (the real ones were not available to us):
 *
 * JASINDO   `;`-separated. NO_POLIS;NAMA_TERTANGGUNG;NO_KTP;TGL_LAHIR;JENIS_KELAMIN;NO_PASPOR;NEGARA_TUJUAN;TGL_MULAI;TGL_AKHIR
 *           dates DD/MM/YYYY, sex L/P, country written in Indonesian (MALAYSIA, HONG KONG, ARAB SAUDI, …).
 * ASTINDO   `,`-separated. policy_no,insured_name,id_number,date_of_birth,gender,passport_no,country_code,start_date,end_date
 *           birth date YYYYMMDD, gender M/F, ISO country code, cover dates YYYY-MM-DD.
 * MITRA_TKI `|`-separated. NOMOR|NAMA|NIK|TTL|JK|PASPOR|TUJUAN|MASA_PERTANGGUNGAN
 *           TTL is "place, DD-MM-YYYY"; JK is LK/PR; TUJUAN in Indonesian; the cover as "DD-MM-YYYY s/d DD-MM-YYYY".
 * Pure: no I/O.
 */
import { type FieldIssue, issue } from '../kernel/errors.ts';
import type { Consortium } from './tables.ts';

export interface LegacyPolicy {
  policyNumber: string;
  fullName: string;
  nik: string | null;
  birthDate: string | null;
  birthPlace: string | null;
  sex: 'F' | 'M' | null;
  passportNumber: string | null;
  destinationCountry: string | null;
  coverFrom: string;
  coverTo: string;
}

export interface LegacyLayout {
  delimiter: string;
  columns: readonly string[];
  parse(row: Record<string, string>): { policy?: LegacyPolicy; problems: { column: string; en: string; id: string }[] };
}

/** Destination countries as the consortia wrote them in Indonesian. */
const countryNames: Readonly<Record<string, string>> = {
  MALAYSIA: 'MY',
  'HONG KONG': 'HK',
  HONGKONG: 'HK',
  TAIWAN: 'TW',
  SINGAPURA: 'SG',
  SINGAPORE: 'SG',
  'ARAB SAUDI': 'SA',
  'SAUDI ARABIA': 'SA',
  'KOREA SELATAN': 'KR',
  KOREA: 'KR',
  JEPANG: 'JP',
  BRUNEI: 'BN',
  'BRUNEI DARUSSALAM': 'BN',
  'UNI EMIRAT ARAB': 'AE',
  QATAR: 'QA',
  KUWAIT: 'KW',
  OMAN: 'OM',
};

function isoDate(y: string, m: string, d: string): string | null {
  const text = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${text}T00:00:00Z`);
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) ? text : null;
}

/** DD/MM/YYYY or DD-MM-YYYY */
function dayFirst(text: string): string | null {
  const match = /^([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4})$/.exec(text.trim());
  return match ? isoDate(match[3] as string, match[2] as string, match[1] as string) : null;
}

function compact(text: string): string | null {
  const match = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(text.trim());
  return match ? isoDate(match[1] as string, match[2] as string, match[3] as string) : null;
}

function iso(text: string): string | null {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text.trim());
  return match ? isoDate(match[1] as string, match[2] as string, match[3] as string) : null;
}

const blank = (text: string | undefined) => {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
};

function finish(
  fields: Omit<LegacyPolicy, 'coverFrom' | 'coverTo'> & { coverFrom: string | null; coverTo: string | null },
  problems: { column: string; en: string; id: string }[],
  coverColumns: [string, string],
) {
  if (!fields.policyNumber) problems.push({ column: 'policy', en: 'The policy number is missing.', id: 'Nomor polis tidak ada.' });
  if (!fields.fullName) problems.push({ column: 'name', en: 'The insured’s name is missing.', id: 'Nama tertanggung tidak ada.' });
  if (!fields.coverFrom)
    problems.push({ column: coverColumns[0], en: 'The start of cover is not a date.', id: 'Tanggal mulai pertanggungan bukan tanggal.' });
  if (!fields.coverTo)
    problems.push({ column: coverColumns[1], en: 'The end of cover is not a date.', id: 'Tanggal akhir pertanggungan bukan tanggal.' });
  if (fields.coverFrom && fields.coverTo && fields.coverTo < fields.coverFrom) {
    problems.push({ column: coverColumns[1], en: 'The cover ends before it starts.', id: 'Pertanggungan berakhir sebelum dimulai.' });
  }
  if (problems.length > 0 || !fields.coverFrom || !fields.coverTo) return { problems };
  return { policy: { ...fields, coverFrom: fields.coverFrom, coverTo: fields.coverTo }, problems };
}

export const legacyLayouts: Readonly<Record<Consortium, LegacyLayout>> = {
  JASINDO: {
    delimiter: ';',
    columns: [
      'NO_POLIS',
      'NAMA_TERTANGGUNG',
      'NO_KTP',
      'TGL_LAHIR',
      'JENIS_KELAMIN',
      'NO_PASPOR',
      'NEGARA_TUJUAN',
      'TGL_MULAI',
      'TGL_AKHIR',
    ],
    parse(row) {
      const problems: { column: string; en: string; id: string }[] = [];
      const birth = blank(row.TGL_LAHIR);
      const birthDate = birth ? dayFirst(birth) : null;
      if (birth && !birthDate)
        problems.push({ column: 'TGL_LAHIR', en: 'The birth date is not DD/MM/YYYY.', id: 'Tanggal lahir bukan DD/MM/YYYY.' });
      const sex = blank(row.JENIS_KELAMIN)?.toUpperCase();
      const country = blank(row.NEGARA_TUJUAN)?.toUpperCase();
      return finish(
        {
          policyNumber: blank(row.NO_POLIS) ?? '',
          fullName: blank(row.NAMA_TERTANGGUNG) ?? '',
          nik: blank(row.NO_KTP),
          birthDate,
          birthPlace: null,
          sex: sex === 'P' ? 'F' : sex === 'L' ? 'M' : null,
          passportNumber: blank(row.NO_PASPOR),
          destinationCountry: country ? (countryNames[country] ?? null) : null,
          coverFrom: dayFirst(row.TGL_MULAI ?? ''),
          coverTo: dayFirst(row.TGL_AKHIR ?? ''),
        },
        problems,
        ['TGL_MULAI', 'TGL_AKHIR'],
      );
    },
  },
  ASTINDO: {
    delimiter: ',',
    columns: ['policy_no', 'insured_name', 'id_number', 'date_of_birth', 'gender', 'passport_no', 'country_code', 'start_date', 'end_date'],
    parse(row) {
      const problems: { column: string; en: string; id: string }[] = [];
      const birth = blank(row.date_of_birth);
      const birthDate = birth ? compact(birth) : null;
      if (birth && !birthDate)
        problems.push({ column: 'date_of_birth', en: 'The birth date is not YYYYMMDD.', id: 'Tanggal lahir bukan YYYYMMDD.' });
      const sex = blank(row.gender)?.toUpperCase();
      const country = blank(row.country_code)?.toUpperCase() ?? null;
      return finish(
        {
          policyNumber: blank(row.policy_no) ?? '',
          fullName: blank(row.insured_name) ?? '',
          nik: blank(row.id_number),
          birthDate,
          birthPlace: null,
          sex: sex === 'F' || sex === 'M' ? sex : null,
          passportNumber: blank(row.passport_no),
          destinationCountry: country && /^[A-Z]{2}$/.test(country) ? country : null,
          coverFrom: iso(row.start_date ?? ''),
          coverTo: iso(row.end_date ?? ''),
        },
        problems,
        ['start_date', 'end_date'],
      );
    },
  },
  MITRA_TKI: {
    delimiter: '|',
    columns: ['NOMOR', 'NAMA', 'NIK', 'TTL', 'JK', 'PASPOR', 'TUJUAN', 'MASA_PERTANGGUNGAN'],
    parse(row) {
      const problems: { column: string; en: string; id: string }[] = [];
      const ttl = blank(row.TTL);
      let birthPlace: string | null = null;
      let birthDate: string | null = null;
      if (ttl) {
        const comma = ttl.lastIndexOf(',');
        birthPlace = comma > 0 ? ttl.slice(0, comma).trim() : null;
        birthDate = dayFirst(comma > 0 ? ttl.slice(comma + 1) : ttl);
        if (!birthDate)
          problems.push({
            column: 'TTL',
            en: 'The birth date is not "place, DD-MM-YYYY".',
            id: 'Tempat/tanggal lahir bukan "tempat, DD-MM-YYYY".',
          });
      }
      const [from, to] = (row.MASA_PERTANGGUNGAN ?? '').split(/\s*s\/d\s*/i);
      const sex = blank(row.JK)?.toUpperCase();
      const country = blank(row.TUJUAN)?.toUpperCase();
      return finish(
        {
          policyNumber: blank(row.NOMOR) ?? '',
          fullName: blank(row.NAMA) ?? '',
          nik: blank(row.NIK),
          birthDate,
          birthPlace,
          sex: sex === 'PR' ? 'F' : sex === 'LK' ? 'M' : null,
          passportNumber: blank(row.PASPOR),
          destinationCountry: country ? (countryNames[country] ?? null) : null,
          coverFrom: dayFirst(from ?? ''),
          coverTo: dayFirst(to ?? ''),
        },
        problems,
        ['MASA_PERTANGGUNGAN', 'MASA_PERTANGGUNGAN'],
      );
    },
  },
};

/** Every problem of every row, as field issues: `/rows/<line>/<column>`. */
export function legacyRowIssues(line: number, problems: { column: string; en: string; id: string }[]): FieldIssue[] {
  return problems.map((p) => issue(`/rows/${line}/${p.column}`, 'LEGACY_FIELD_INVALID', p.en, p.id));
}
