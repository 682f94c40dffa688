/**
 * Synthetic people: names, birth dates, NIKs with real district codes, passports, phones,
 * addresses. Identity numbers are unique within one run.
 */
import { normalizeName } from '../identity/names.ts';
import { syntheticNik } from '../identity/nik.ts';
import type { Random } from '../kernel/random.ts';
import type { RegistrationInput } from '../membership/service.ts';
import type { DemoArea, DemoAreas } from './areas.ts';
import { addDays, addMonths } from './dates.ts';
import { type Ethnicity, type ForeignNationality, foreignName, homeProvinces, indonesianName, type Sex } from './names.ts';

export type PersonInput = RegistrationInput['person'];
export type Address = NonNullable<PersonInput['address']>;
export type Passport = NonNullable<PersonInput['passport']>;

/** Identity numbers handed out so far in one run, so that none is given twice. */
export class IdentityRegistry {
  readonly #niks = new Set<string>();
  readonly #passports = new Set<string>();

  /** A NIK for this area, birth date and sex, with the first free serial from a random start. */
  nik(rng: Random, area: string, birthDate: string, sex: Sex): string {
    let serial = rng.int(1, 60);
    let nik = syntheticNik(area, birthDate, sex, serial);
    while (this.#niks.has(nik)) {
      serial = serial >= 9999 ? 1 : serial + 1;
      nik = syntheticNik(area, birthDate, sex, serial);
    }
    this.#niks.add(nik);
    return nik;
  }

  claimPassport(country: string, number: string): boolean {
    const key = `${country}:${number}`;
    if (this.#passports.has(key)) return false;
    this.#passports.add(key);
    return true;
  }

  passportNumber(rng: Random, country: string, make: (rng: Random) => string): string {
    for (;;) {
      const number = make(rng);
      if (this.claimPassport(country, number)) return number;
    }
  }
}

/** Formats of passport numbers, by issuing country. */
const passportFormats: Record<'ID' | ForeignNationality, (rng: Random) => string> = {
  // Indonesian passports: 'C' + 7 digits (ordinary), 'X' + 7 digits (electronic).
  ID: (rng) => `${rng.chance(0.7) ? 'C' : 'X'}${rng.digits(7)}`,
  KR: (rng) => `M${rng.digits(8)}`,
  CN: (rng) => `E${rng.digits(8)}`,
  JP: (rng) => `T${rng.pick(['K', 'R', 'Z'])}${rng.digits(7)}`,
  MY: (rng) => `A${rng.digits(8)}`,
  IN: (rng) => `${rng.pick(['K', 'M', 'P', 'R', 'T', 'V'])}${rng.digits(7)}`,
};

/** A passport issued up to about four years before `heldOn`, valid for 5 or 10 years, so still valid then. */
export function passport(rng: Random, registry: IdentityRegistry, country: 'ID' | ForeignNationality, heldOn: string): Passport {
  const issuedOn = addDays(heldOn, -rng.int(0, 1500));
  return {
    number: registry.passportNumber(rng, country, passportFormats[country]),
    issuingCountry: country,
    expiryDate: addDays(addMonths(issuedOn, rng.chance(0.5) ? 60 : 120), -1),
  };
}

export function birthDateBetween(rng: Random, fromYear: number, toYear: number): string {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = rng.int(1, days);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Mobile prefixes of Indonesian operators (after +62).
const indonesianMobilePrefixes = [
  '811',
  '812',
  '813',
  '821',
  '822',
  '823',
  '852',
  '853',
  '814',
  '815',
  '816',
  '855',
  '856',
  '857',
  '858',
  '817',
  '818',
  '819',
  '859',
  '877',
  '878',
  '895',
  '896',
  '897',
  '898',
  '899',
  '881',
  '882',
  '883',
  '885',
  '887',
  '888',
];

export function indonesianPhone(rng: Random): string {
  return `+62${rng.pick(indonesianMobilePrefixes)}${rng.digits(rng.int(7, 9))}`;
}

const foreignPhones: Record<ForeignNationality, (rng: Random) => string> = {
  KR: (rng) => `+8210${rng.digits(8)}`,
  CN: (rng) => `+861${rng.pick(['3', '5', '8'])}${rng.digits(9)}`,
  JP: (rng) => `+81${rng.pick(['70', '80', '90'])}${rng.digits(8)}`,
  MY: (rng) => `+601${rng.pick(['2', '3', '7', '9'])}${rng.digits(7)}`,
  IN: (rng) => `+91${rng.pick(['7', '8', '9'])}${rng.digits(9)}`,
};

export function foreignPhone(rng: Random, nationality: ForeignNationality): string {
  return foreignPhones[nationality](rng);
}

const villages = [
  'Sidomulyo',
  'Karangrejo',
  'Tegalsari',
  'Sukamaju',
  'Mekarsari',
  'Sumberagung',
  'Kedungrejo',
  'Sukajadi',
  'Margamulya',
  'Tanjungsari',
  'Sindangsari',
  'Purwosari',
];
const hamlets = ['Krajan', 'Kauman', 'Ngasem', 'Cikaret', 'Babakan', 'Sawahan', 'Gondang', 'Tengah', 'Kidul', 'Lor'];

export function homeAddress(rng: Random, area: DemoArea): Address {
  const rt = String(rng.int(1, 12)).padStart(3, '0');
  const rw = String(rng.int(1, 8)).padStart(3, '0');
  const line = area.regency.startsWith('Kota')
    ? `Jl. ${rng.pick(['Melati', 'Kenanga', 'Merdeka', 'Diponegoro', 'Sudirman', 'Pahlawan', 'Veteran'])} No. ${rng.int(1, 150)} RT ${rt}/RW ${rw}, Kec. ${area.district}`
    : `Dusun ${rng.pick(hamlets)} RT ${rt}/RW ${rw}, Desa ${rng.pick(villages)}, Kec. ${area.district}`;
  return { line, city: area.regency, province: area.province, country: 'ID' };
}

/** A reserved domain (RFC 2606): nobody real receives demo mail. */
export function demoEmail(rng: Random, fullName: string, birthDate: string): string {
  const local = normalizeName(fullName)
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .split(/\s+/)
    .join('.');
  return `${local || 'member'}${birthDate.slice(2, 4)}${rng.chance(0.5) ? rng.int(1, 99) : ''}@example.${rng.pick(['com', 'org', 'net'])}`;
}

const banks = ['BNINIDJA', 'BRINIDJA', 'BMRIIDJA', 'CENAIDJA', 'BSMDIDJA'];

export function bankAccount(rng: Random, holder: string): NonNullable<PersonInput['bankAccount']> {
  return { bankCode: rng.pick(banks), accountNumber: rng.digits(rng.int(10, 15)).replace(/^0/, '1'), accountHolder: holder };
}

export interface IndonesianPerson {
  person: PersonInput;
  area: DemoArea;
}

/** An Indonesian citizen from the group's home provinces, or from `area` when given. */
export function indonesianPerson(
  rng: Random,
  registry: IdentityRegistry,
  areas: DemoAreas,
  options: { ethnicity: Ethnicity; sex: Sex; birthYears: readonly [number, number]; area?: DemoArea },
): IndonesianPerson {
  const area = options.area ?? rng.pick(areasOf(areas, rng.weighted(homeProvinces[options.ethnicity])));
  const birthDate = birthDateBetween(rng, options.birthYears[0], options.birthYears[1]);
  const fullName = indonesianName(rng, options.ethnicity, options.sex);
  const nik = registry.nik(rng, area.code, birthDate, options.sex);
  return {
    area,
    person: { nik, fullName, birthDate, sex: options.sex, birthPlace: area.town, nationality: 'ID' },
  };
}

export function areasOf(areas: DemoAreas, province: string): readonly DemoArea[] {
  const found = areas.get(province);
  if (!found || found.length === 0) throw new RangeError(`no demo areas for province ${province}`);
  return found;
}

const foreignBirthPlaces: Record<ForeignNationality, readonly string[]> = {
  KR: ['Seoul', 'Busan', 'Incheon', 'Daegu', 'Ulsan'],
  CN: ['Guangzhou', 'Shanghai', 'Fuzhou', 'Changsha', 'Chengdu'],
  JP: ['Tokyo', 'Osaka', 'Nagoya', 'Fukuoka'],
  MY: ['Kuala Lumpur', 'Johor Bahru', 'Ipoh', 'Kuching'],
  IN: ['Chennai', 'Mumbai', 'Bengaluru', 'Kochi', 'Pune'],
};

export function foreignPerson(rng: Random, nationality: ForeignNationality, sex: Sex, birthYears: readonly [number, number]): PersonInput {
  return {
    fullName: foreignName(rng, nationality, sex),
    birthDate: birthDateBetween(rng, birthYears[0], birthYears[1]),
    sex,
    birthPlace: rng.pick(foreignBirthPlaces[nationality]),
    nationality,
  };
}
