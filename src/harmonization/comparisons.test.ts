import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ComparisonField,
  compareRecords,
  comparisonFields,
  jaroWinkler,
  type LinkRecord,
  levelName,
  prepareRecord,
  withinOneEdit,
} from './comparisons.ts';

const base: LinkRecord = {
  id: 'a',
  nik: '3201014501900001',
  name: 'Siti Aminah',
  sex: 'F',
  birthDate: '1990-01-05',
  passport: 'C1234567',
  phone: '+62 812-3456-7890',
  country: 'MY',
  region: null,
};

function level(field: ComparisonField, a: Partial<LinkRecord>, b: Partial<LinkRecord>): string {
  const vector = compareRecords(prepareRecord({ ...base, ...a }), prepareRecord({ ...base, id: 'b', ...b }));
  return levelName(field, vector[comparisonFields.indexOf(field)] as number);
}

describe('comparison levels', () => {
  it('compares NIKs as exact, one digit off, different or missing', () => {
    assert.equal(level('nik', {}, {}), 'EXACT');
    assert.equal(level('nik', {}, { nik: '3201014501900002' }), 'ONE_DIGIT_OFF');
    assert.equal(level('nik', {}, { nik: '3201014501900010' }), 'ONE_DIGIT_OFF'); // neighbours swapped
    assert.equal(level('nik', {}, { nik: '3201014501900099' }), 'DIFFERENT');
    assert.equal(level('nik', {}, { nik: null }), 'MISSING');
    assert.equal(level('nik', {}, { nik: '32010145019' }), 'MISSING'); // not a NIK
  });

  it('compares passports ignoring case and separators, with one character off', () => {
    assert.equal(level('passport', {}, { passport: 'c 1234567' }), 'EXACT');
    assert.equal(level('passport', {}, { passport: 'C1234568' }), 'ONE_CHARACTER_OFF');
    assert.equal(level('passport', {}, { passport: 'X9876543' }), 'DIFFERENT');
    assert.equal(level('passport', { passport: null }, {}), 'MISSING');
  });

  it('compares phones by their last nine digits, whatever the prefix', () => {
    assert.equal(level('phone', {}, { phone: '081234567890' }), 'EXACT');
    assert.equal(level('phone', {}, { phone: '081299999999' }), 'DIFFERENT');
    assert.equal(level('phone', {}, { phone: '12' }), 'MISSING');
  });

  it('compares names exact, similar, as a subset, partly, or different', () => {
    assert.equal(level('name', {}, { name: 'Hj. Aminah Sitti' }), 'EXACT');
    assert.equal(level('name', {}, { name: 'Siti Aminha' }), 'SIMILAR');
    assert.equal(level('name', {}, { name: 'Siti' }), 'SUBSET');
    assert.equal(level('name', {}, { name: 'Siti Rahayu Wulandari' }), 'PARTIAL');
    assert.equal(level('name', {}, { name: 'Bambang Purnomo' }), 'DIFFERENT');
    assert.equal(level('name', {}, { name: '' }), 'MISSING');
  });

  it('lowers an exact name to partial when the birth order, clan or father differs', () => {
    assert.equal(level('name', { name: 'I Wayan Sudarsa' }, { name: 'I Made Sudarsa' }), 'PARTIAL');
    assert.equal(level('name', { name: 'Tigor Siregar' }, { name: 'Tigor Nasution' }), 'PARTIAL');
    assert.equal(level('name', { name: 'Ahmad bin Salim' }, { name: 'Ahmad bin Yusuf' }), 'PARTIAL');
    assert.equal(level('name', { name: 'Ahmad bin Salim' }, { name: 'Ahmad' }), 'EXACT');
  });

  it('compares birth dates exact, day and month swapped, year off by one, one part different', () => {
    assert.equal(level('birthDate', {}, {}), 'EXACT');
    assert.equal(level('birthDate', {}, { birthDate: '1990-05-01' }), 'DAY_MONTH_SWAPPED');
    assert.equal(level('birthDate', {}, { birthDate: '1991-01-05' }), 'YEAR_OFF_BY_ONE');
    assert.equal(level('birthDate', {}, { birthDate: '1990-01-25' }), 'ONE_PART_DIFFERENT');
    assert.equal(level('birthDate', {}, { birthDate: '1975-08-17' }), 'DIFFERENT');
    assert.equal(level('birthDate', {}, { birthDate: '1990-02-30' }), 'MISSING'); // no such day
  });

  it('compares sex, reading the Indonesian P and L', () => {
    assert.equal(level('sex', {}, { sex: 'P' }), 'SAME');
    assert.equal(level('sex', {}, { sex: 'L' }), 'DIFFERENT');
    assert.equal(level('sex', {}, { sex: null }), 'MISSING');
  });

  it('compares the region of birth only when one side has no NIK', () => {
    assert.equal(level('region', {}, {}), 'MISSING'); // both NIKs: the NIK comparison covers it
    assert.equal(level('region', {}, { nik: null, region: '3201' }), 'SAME_REGENCY');
    assert.equal(level('region', {}, { nik: null, region: '3273' }), 'SAME_PROVINCE');
    assert.equal(level('region', {}, { nik: null, region: '3501' }), 'DIFFERENT');
    assert.equal(level('region', {}, { nik: null }), 'MISSING');
  });

  it('compares the destination country', () => {
    assert.equal(level('country', {}, { country: 'my' }), 'SAME');
    assert.equal(level('country', {}, { country: 'HK' }), 'DIFFERENT');
    assert.equal(level('country', {}, { country: null }), 'MISSING');
  });

  it('computes Jaro-Winkler similarity as the textbook examples give it', () => {
    assert.equal(Math.round(jaroWinkler('MARTHA', 'MARHTA') * 1000) / 1000, 0.961);
    assert.equal(Math.round(jaroWinkler('DIXON', 'DICKSONX') * 1000) / 1000, 0.813);
    assert.equal(jaroWinkler('ABC', 'ABC'), 1);
    assert.equal(jaroWinkler('ABC', 'XYZ'), 0);
  });

  it('tells one edit or one swap from more', () => {
    assert.ok(withinOneEdit('12345', '12354'));
    assert.ok(withinOneEdit('12345', '1245'));
    assert.ok(!withinOneEdit('12345', '21354'));
  });
});
