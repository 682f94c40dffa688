/**
 * Labelled synthetic data for tests and the benchmark: a register of members and a
 * partner file in which most records are register members written differently, with the
 * truth known. Seeded and deterministic: record i is the same for a given seed whatever
 * the sizes asked for, so the biggest dataset can be streamed row by row.
 *
 * Noise in partner records, as the institutions' files show it: about 35 % without a NIK,
 * renewed passports, changed phones, name variants (Muhammad spellings, old spellings,
 * doubled letters, honorifics, bin/binti, word order, Balinese and Batak names written
 * short), typos, day and month swapped, birth year off by one.
 * All names are common given names combined at random: no record describes a real person.
 */
import { Random } from '../kernel/random.ts';
import type { LinkRecord } from './comparisons.ts';

function mix(seed: number, index: number, stream: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35) ^ Math.imul(stream + 7, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

const male = [
  'Ahmad',
  'Muhammad',
  'Agus',
  'Budi',
  'Joko',
  'Bambang',
  'Slamet',
  'Eko',
  'Hadi',
  'Sugeng',
  'Suparman',
  'Sutrisno',
  'Wahyu',
  'Yusuf',
  'Rizki',
  'Dedi',
  'Hendra',
  'Iwan',
  'Rudi',
  'Andi',
  'Arif',
  'Fajar',
  'Hasan',
  'Ibrahim',
  'Ismail',
  'Sukarno',
  'Suharto',
  'Cahyono',
  'Purnomo',
  'Santoso',
  'Setiawan',
  'Prasetyo',
  'Nugroho',
  'Hidayat',
  'Saputra',
  'Kurniawan',
  'Wibowo',
  'Susanto',
  'Firmansyah',
  'Ramadhan',
  'Hakim',
  'Rahman',
  'Abdul',
  'Aziz',
  'Syaiful',
  'Khairul',
  'Anwar',
  'Iskandar',
  'Sulaiman',
  'Junaidi',
  'Yanto',
  'Darmawan',
  'Gunawan',
  'Haryanto',
  'Triyono',
  'Mulyadi',
  'Supriyadi',
  'Sumarno',
  'Riyadi',
  'Teguh',
  'Bayu',
  'Dimas',
  'Galih',
  'Ilham',
  'Lukman',
  'Mahmud',
  'Rohman',
  'Salim',
  'Taufik',
  'Usman',
  'Zainal',
  'Jaelani',
  'Yulianto',
  'Jumadi',
  'Sujono',
  'Wijaya',
  'Kusuma',
  'Pratama',
  'Hermawan',
  'Sudirman',
  'Mujiono',
  'Suyatno',
  'Tukimin',
  'Paijo',
  'Samsul',
  'Rokhim',
  'Imam',
  'Fauzi',
  'Hamzah',
  'Nasrul',
  'Rusdi',
  'Sahrul',
  'Wawan',
  'Yudi',
  'Zulkifli',
  'Chandra',
  'Erwin',
  'Ferry',
  'Gilang',
  'Heru',
];
const female = [
  'Siti',
  'Sri',
  'Nur',
  'Dewi',
  'Ani',
  'Rina',
  'Yuli',
  'Wati',
  'Lestari',
  'Rahayu',
  'Wulandari',
  'Sari',
  'Fitri',
  'Aminah',
  'Aisyah',
  'Fatimah',
  'Khadijah',
  'Maryam',
  'Nurhayati',
  'Suryani',
  'Sulastri',
  'Sumiati',
  'Suwarni',
  'Tri',
  'Eka',
  'Dwi',
  'Yanti',
  'Ratna',
  'Indah',
  'Ayu',
  'Putri',
  'Novi',
  'Endang',
  'Kartini',
  'Mulyani',
  'Hartini',
  'Suparti',
  'Partini',
  'Wahyuni',
  'Rohmah',
  'Halimah',
  'Zulaikha',
  'Nurul',
  'Ika',
  'Lina',
  'Erna',
  'Rini',
  'Tuti',
  'Umi',
  'Kurniasih',
  'Maesaroh',
  'Juariah',
  'Saodah',
  'Rukmini',
  'Juwariyah',
  'Jamilah',
  'Yuliana',
  'Susilowati',
  'Marlina',
  'Nining',
  'Eti',
  'Cucu',
  'Imas',
  'Neneng',
  'Euis',
  'Titin',
  'Yayah',
  'Komariah',
  'Masitoh',
  'Munawaroh',
  'Mariyam',
  'Sumarni',
  'Tumini',
  'Painem',
  'Sukinah',
  'Kasiyem',
  'Warsini',
  'Jumiati',
  'Sukesih',
  'Anisa',
  'Nabila',
  'Safitri',
  'Handayani',
  'Puspita',
  'Anggraini',
  'Oktaviani',
  'Permata',
  'Melati',
  'Kusmiati',
  'Darsih',
  'Carsih',
];
const balinese = [
  'Sudarsa',
  'Artawan',
  'Suartana',
  'Wirawan',
  'Mahendra',
  'Astawa',
  'Sukerta',
  'Ariani',
  'Sumertha',
  'Budiasa',
  'Suardana',
  'Adnyana',
  'Widiasih',
  'Sukmawati',
  'Darmayasa',
  'Ardana',
  'Suweta',
  'Parwati',
  'Sudiarta',
  'Mertayasa',
];
const balineseOrder = [['Wayan', 'Putu', 'Gede'], ['Made', 'Kadek', 'Nengah'], ['Nyoman', 'Komang'], ['Ketut']] as const;
const batakGiven = {
  M: ['Tigor', 'Hotman', 'Parulian', 'Sahat', 'Martin', 'Roy', 'Jonggi', 'Binsar', 'Torang', 'Poltak', 'Daniel', 'Robert'],
  F: ['Maria', 'Rosmawati', 'Juliana', 'Tiurma', 'Lamtiur', 'Debora', 'Ester', 'Rut', 'Hotmaida', 'Sondang', 'Rosida', 'Nurmala'],
};
const clans = [
  'Siregar',
  'Nasution',
  'Harahap',
  'Simanjuntak',
  'Situmorang',
  'Hutagalung',
  'Panggabean',
  'Lubis',
  'Sinaga',
  'Simatupang',
  'Tampubolon',
  'Siahaan',
  'Manurung',
  'Sihombing',
  'Silalahi',
  'Pardede',
  'Sitompul',
  'Ginting',
  'Sembiring',
  'Tarigan',
  'Sitorus',
  'Purba',
  'Damanik',
  'Saragih',
  'Nainggolan',
  'Marpaung',
  'Panjaitan',
  'Hasibuan',
];
/** Province codes where the groups mostly got their first NIK. */
const provinces = ['35', '33', '32', '34', '36', '18', '52', '53', '73', '12', '51', '61', '64'];
const countries = ['MY', 'MY', 'MY', 'HK', 'HK', 'TW', 'TW', 'SG', 'SA', 'KR', 'JP', 'BN', 'AE', 'QA'];

export interface SyntheticPerson {
  index: number;
  name: string;
  father: string;
  sex: 'F' | 'M';
  birthDate: string;
  nik: string;
  passport: string;
  phone: string;
  country: string;
  group: 'general' | 'balinese' | 'batak';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The true person number `index` for a seed. */
export function syntheticPerson(seed: number, index: number): SyntheticPerson {
  const r = new Random(mix(seed, index, 1));
  const sex = r.chance(0.62) ? 'F' : 'M';
  const roll = r.next();
  const group = roll < 0.05 ? 'balinese' : roll < 0.11 ? 'batak' : 'general';
  const fatherName = `${r.popular(male)}${r.chance(0.4) ? ` ${r.popular(male)}` : ''}`;
  let name: string;
  if (group === 'balinese') {
    const order = r.int(0, 3);
    name = `${sex === 'F' ? 'Ni' : 'I'} ${r.pick(balineseOrder[order] as readonly string[])} ${r.pick(balinese)}${r.chance(0.4) ? ` ${r.pick(balinese)}` : ''}`;
  } else if (group === 'batak') {
    name = `${r.pick(batakGiven[sex])}${r.chance(0.3) ? ` ${r.pick(batakGiven[sex])}` : ''} ${sex === 'F' && r.chance(0.3) ? 'br. ' : ''}${r.pick(clans)}`;
  } else {
    const pool = sex === 'F' ? female : male;
    const parts = r.chance(0.15) ? 1 : r.chance(0.7) ? 2 : 3;
    const words: string[] = [];
    while (words.length < parts) {
      const w = r.popular(pool);
      if (!words.includes(w)) words.push(w);
    }
    name = words.join(' ');
  }
  const year = r.int(1966, 2005);
  const month = r.int(1, 12);
  const day = r.int(1, 28);
  const birthDate = `${year}-${pad(month)}-${pad(day)}`;
  const province = r.pick(provinces);
  const area = `${province}${pad(r.int(1, 30))}${pad(r.int(1, 25))}`;
  // The serial makes NIKs unique per index within a day and area, as civil registration does.
  const nik = `${area}${pad(sex === 'F' ? day + 40 : day)}${pad(month)}${pad(year % 100)}${pad((index % 9999) + 1, 4)}`;
  const passport = `${String.fromCharCode(65 + r.int(0, 25))}${pad(index % 10_000_000, 7)}`;
  const phone = `+628${pad(r.int(11, 99))}${pad(index % 100_000_000, 8)}`;
  return { index, name, father: fatherName, sex, birthDate, nik, passport, phone, country: r.pick(countries), group };
}

/** The register's record of person `index`: written as registered, clean. */
export function syntheticMember(seed: number, index: number): LinkRecord {
  const p = syntheticPerson(seed, index);
  const r = new Random(mix(seed, index, 2));
  return {
    id: `M${pad(index, 8)}`,
    nik: r.chance(0.97) ? p.nik : null,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    passport: r.chance(0.85) ? p.passport : null,
    phone: r.chance(0.9) ? p.phone : null,
    country: r.chance(0.9) ? p.country : null,
    region: null,
  };
}

export interface SyntheticDataset {
  members: number;
  partnerRecords: number;
  /** The partner record j: its record and the register record id it truly belongs to (or null). */
  partnerRecord(j: number): { record: LinkRecord; truth: string | null };
  member(i: number): LinkRecord;
}

/**
 * A register of `members` and a partner file of `partnerRecords`, of which `overlap` (0.8
 * by default) are register members and the rest people not (yet) registered.
 */
export function syntheticDataset(options: { seed: number; members: number; partnerRecords: number; overlap?: number }): SyntheticDataset {
  const { seed, members, partnerRecords } = options;
  const matched = Math.min(members, Math.floor(partnerRecords * (options.overlap ?? 0.8)));
  const stride = coprimeStride(members);
  return {
    members,
    partnerRecords,
    member: (i) => syntheticMember(seed, i),
    partnerRecord(j) {
      if (j < matched) {
        const i = (j * stride + 12345) % members;
        return { record: noisy(seed, syntheticPerson(seed, i), `P${pad(j, 8)}`, j), truth: `M${pad(i, 8)}` };
      }
      return { record: noisy(seed, syntheticPerson(seed, members + j), `P${pad(j, 8)}`, j), truth: null };
    },
  };
}

function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let stride = 7919;
  while (gcd(stride, n) !== 1) stride += 2;
  return stride;
}

/** A partner's record of a person, with the noise of real files. */
export function noisy(seed: number, p: SyntheticPerson, id: string, j: number): LinkRecord {
  const r = new Random(mix(seed, j, 3));
  let nik: string | null = r.chance(0.35) ? null : p.nik;
  if (nik && r.chance(0.01)) nik = typoDigit(r, nik);
  let passport: string | null = r.chance(0.3) ? null : p.passport;
  if (passport && r.chance(0.3)) passport = `${String.fromCharCode(65 + r.int(0, 25))}${pad(r.int(0, 9_999_999), 7)}`; // renewed
  let phone: string | null = r.chance(0.5) ? null : p.phone;
  if (phone && r.chance(0.3)) phone = `08${pad(r.int(11, 99))}${pad(r.int(0, 99_999_999), 8)}`;
  else if (phone && r.chance(0.5)) phone = `0${phone.slice(3)}`;
  let birthDate: string | null = p.birthDate;
  const dateRoll = r.next();
  const [y, m, d] = p.birthDate.split('-') as [string, string, string];
  if (dateRoll < 0.03 && Number(d) <= 12 && d !== m) birthDate = `${y}-${d}-${m}`;
  else if (dateRoll < 0.06) birthDate = `${Number(y) + (r.chance(0.5) ? 1 : -1)}-${m}-${d}`;
  else if (dateRoll < 0.07) birthDate = null;
  else if (dateRoll < 0.08) birthDate = `${y}-${m}-${pad(r.int(1, 28))}`;
  const region = nik === null && r.chance(0.5) ? p.nik.slice(0, 4) : null;
  return {
    id,
    nik,
    name: nameVariant(r, p),
    sex: r.chance(0.01) ? null : p.sex,
    birthDate,
    passport,
    phone,
    country: r.chance(0.3) ? null : r.chance(0.05) ? r.pick(countries) : p.country,
    region,
  };
}

function typoDigit(r: Random, digits: string): string {
  const at = r.int(0, digits.length - 1);
  const replacement = String((Number(digits[at]) + r.int(1, 9)) % 10);
  return digits.slice(0, at) + replacement + digits.slice(at + 1);
}

const oldSpellings: readonly (readonly [RegExp, string])[] = [
  [/u/g, 'oe'],
  [/j/g, 'dj'],
  [/c/g, 'tj'],
  [/y/g, 'j'],
  [/kh/g, 'ch'],
];
const muhammadForms = ['Muhamad', 'Mohammad', 'Mohamad', 'M.', 'Moh.', 'Muh.', 'Mochammad'];

function nameVariant(r: Random, p: SyntheticPerson): string {
  let name = p.name;
  const roll = r.next();
  if (roll < 0.06) name = name.replace('Muhammad', r.pick(muhammadForms));
  else if (roll < 0.12) {
    const [pattern, replacement] = r.pick(oldSpellings);
    name = name.replace(pattern, replacement);
  } else if (roll < 0.16) name = name.replace(/([aeiou])([bdgklmnrst])/, '$1$2$2');
  else if (roll < 0.2) name = `${p.sex === 'F' ? 'Hj.' : 'H.'} ${name}`;
  else if (roll < 0.26 && p.group === 'general') name = `${name} ${p.sex === 'F' ? 'binti' : 'bin'} ${p.father}`;
  else if (roll < 0.32) name = name.split(' ').reverse().join(' ');
  else if (roll < 0.35 && p.group === 'balinese') name = name.split(' ').slice(2).join(' ') || name;
  else if (roll < 0.38 && p.group === 'batak') name = name.replace(/ (br\. )?\S+$/, '');
  else if (roll < 0.41) name = name.split(' ')[0] as string; // written with the first name only
  if (r.chance(0.1)) name = typo(r, name);
  if (r.chance(0.5)) name = name.toUpperCase();
  return name;
}

function typo(r: Random, name: string): string {
  const at = r.int(1, Math.max(1, name.length - 2));
  const kind = r.int(0, 2);
  if (name[at] === ' ' || name[at - 1] === ' ') return name;
  if (kind === 0) return name.slice(0, at) + name.slice(at + 1);
  if (kind === 1) return name.slice(0, at - 1) + name[at] + name[at - 1] + name.slice(at + 1);
  return name.slice(0, at) + String.fromCharCode(97 + r.int(0, 25)) + name.slice(at + 1);
}
