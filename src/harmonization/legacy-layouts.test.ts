import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { legacyLayouts } from './legacy-layouts.ts';

describe('the legacy consortia’s policy layouts', () => {
  it('reads a Jasindo row: day-first dates, L/P, the country in Indonesian', () => {
    const { policy, problems } = legacyLayouts.JASINDO.parse({
      NO_POLIS: 'JS-2016-0001',
      NAMA_TERTANGGUNG: 'SITI AMINAH',
      NO_KTP: '3201014501900001',
      TGL_LAHIR: '05/01/1990',
      JENIS_KELAMIN: 'P',
      NO_PASPOR: 'A1234567',
      NEGARA_TUJUAN: 'Arab Saudi',
      TGL_MULAI: '01/06/2016',
      TGL_AKHIR: '31/05/2018',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(policy, {
      policyNumber: 'JS-2016-0001',
      fullName: 'SITI AMINAH',
      nik: '3201014501900001',
      birthDate: '1990-01-05',
      birthPlace: null,
      sex: 'F',
      passportNumber: 'A1234567',
      destinationCountry: 'SA',
      coverFrom: '2016-06-01',
      coverTo: '2018-05-31',
    });
  });

  it('reads an Astindo row: compact birth date, ISO country, ISO cover dates', () => {
    const { policy } = legacyLayouts.ASTINDO.parse({
      policy_no: 'AST-7',
      insured_name: 'Budi Santoso',
      id_number: '',
      date_of_birth: '19850203',
      gender: 'M',
      passport_no: '',
      country_code: 'my',
      start_date: '2016-03-01',
      end_date: '2018-02-28',
    });
    assert.equal(policy?.birthDate, '1985-02-03');
    assert.equal(policy?.nik, null);
    assert.equal(policy?.destinationCountry, 'MY');
    assert.equal(policy?.sex, 'M');
  });

  it('reads a Mitra TKI row: place and date of birth together, LK/PR, the cover as a span', () => {
    const { policy } = legacyLayouts.MITRA_TKI.parse({
      NOMOR: 'MT/2015/00042',
      NAMA: 'Ni Luh Putu Ayu Lestari',
      NIK: '',
      TTL: 'Denpasar, 17-08-1992',
      JK: 'PR',
      PASPOR: 'B7654321',
      TUJUAN: 'HONG KONG',
      MASA_PERTANGGUNGAN: '01-02-2016 s/d 31-01-2018',
    });
    assert.equal(policy?.birthPlace, 'Denpasar');
    assert.equal(policy?.birthDate, '1992-08-17');
    assert.equal(policy?.sex, 'F');
    assert.equal(policy?.destinationCountry, 'HK');
    assert.deepEqual([policy?.coverFrom, policy?.coverTo], ['2016-02-01', '2018-01-31']);
  });

  it('reports every problem of a row rather than the first', () => {
    const { policy, problems } = legacyLayouts.MITRA_TKI.parse({
      NOMOR: '',
      NAMA: 'Rina',
      NIK: '',
      TTL: 'Malang, 31-02-1990',
      JK: 'PR',
      PASPOR: '',
      TUJUAN: 'TAIWAN',
      MASA_PERTANGGUNGAN: '01-02-2018 s/d 31-01-2016',
    });
    assert.equal(policy, undefined);
    assert.deepEqual(problems.map((p) => p.column).sort(), ['MASA_PERTANGGUNGAN', 'TTL', 'policy']);
  });
});
