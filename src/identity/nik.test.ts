import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { areaCodeSamples, loadAreaCodes } from './area-codes.ts';
import { type AreaCodes, checkNik, parseNik, redactNik, redactPassport, type Sex, syntheticNik } from './nik.ts';

// 32.04 is Kabupaten Bandung, 32.04.05 its district Cileunyi.
const BANDUNG_CILEUNYI = '320405';

let areas: AreaCodes;
let sampleDistricts: string[];

before(async () => {
  areas = await loadAreaCodes();
  sampleDistricts = Object.values(await areaCodeSamples()).flat();
});

function codesOf(issues: { code: string }[]): string[] {
  return issues.map((i) => i.code);
}

describe('checkNik', () => {
  it('accepts a man whose NIK matches his declared birth date', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'M', 1);
    assert.equal(nik, '3204051503900001');
    const result = checkNik(nik, { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.parsed, {
      provinceCode: '32',
      regencyCode: '3204',
      districtCode: '320405',
      birthDate: '1990-03-15',
      sex: 'M',
      serial: '0001',
    });
  });

  it('accepts a woman whose NIK has 40 added to her birth day', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '1985-12-31', 'F', 9999);
    assert.equal(nik, '3204057112859999');
    const result = checkNik(nik, { birthDate: '1985-12-31', sex: 'F' }, areas);
    assert.deepEqual(result.issues, []);
    assert.equal(result.parsed?.birthDate, '1985-12-31');
    assert.equal(result.parsed?.sex, 'F');
  });

  it('accepts a birth date after 2000 and takes the century from the declared date', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '2003-07-01', 'F', 12);
    const result = checkNik(nik, { birthDate: '2003-07-01', sex: 'F' }, areas);
    assert.deepEqual(result.issues, []);
    assert.equal(result.parsed?.birthDate, '2003-07-01');
  });

  it('reports NIK_FORMAT for 15 digits, with the count in both languages', () => {
    const result = checkNik('320405150390000', { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(result.issues, [
      {
        pointer: '/person/nik',
        code: 'NIK_FORMAT',
        message: { en: 'NIK must be 16 digits; got 15.', id: 'NIK harus 16 digit; diterima 15.' },
      },
    ]);
    assert.equal(result.parsed, undefined);
  });

  it('reports NIK_FORMAT for letters, spaces and non-ASCII digits', () => {
    for (const nik of ['32040515039O0001', '3204 0515 0390 0001', '３２０４０５１５０３９００００１']) {
      const result = checkNik(nik, { birthDate: '1990-03-15', sex: 'M' }, areas);
      assert.deepEqual(codesOf(result.issues), ['NIK_FORMAT'], nik);
    }
  });

  it('reports only NIK_FORMAT when the format is wrong, never a mismatch', () => {
    const result = checkNik('99999', { birthDate: '1990-03-15', sex: 'F' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_FORMAT']);
    assert.deepEqual(result.warnings, []);
  });

  it('uses the pointer it is given', () => {
    const result = checkNik('1', { birthDate: '1990-03-15', sex: 'M' }, areas, '/heirs/0/nik');
    assert.equal(result.issues[0]?.pointer, '/heirs/0/nik');
  });

  it('reports NIK_UNKNOWN_PROVINCE for a province code that does not exist', () => {
    const nik = syntheticNik('200101', '1990-03-15', 'M', 1);
    const result = checkNik(nik, { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_UNKNOWN_PROVINCE']);
    assert.match(result.issues[0]?.message.en ?? '', /\(20\)/);
  });

  it('only warns about a regency that no longer exists, such as Merauke before Papua was split', () => {
    // Merauke was 91.01 in Papua; since 2022 it is 93.01 in Papua Selatan.
    const nik = syntheticNik('910101', '1990-03-15', 'M', 1);
    const result = checkNik(nik, { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(codesOf(result.warnings), ['NIK_UNKNOWN_REGENCY']);
    assert.equal(result.parsed?.regencyCode, '9101');
  });

  it('only warns about a district that is not in the current list', () => {
    const nik = syntheticNik('320401', '1990-03-15', 'M', 1);
    const result = checkNik(nik, { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(codesOf(result.warnings), ['NIK_UNKNOWN_DISTRICT']);
  });

  it('reports NIK_IMPOSSIBLE_DATE for a day between 32 and 40', () => {
    const result = checkNik('3204053503900001', { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_IMPOSSIBLE_DATE']);
    assert.equal(result.parsed, undefined);
  });

  it('reports NIK_IMPOSSIBLE_DATE for day 00, day 72 and month 13, each separately', () => {
    const declared = { birthDate: '1990-03-15', sex: 'M' as const };
    assert.deepEqual(codesOf(checkNik('3204050003900001', declared, areas).issues), ['NIK_IMPOSSIBLE_DATE']);
    assert.deepEqual(codesOf(checkNik('3204057203900001', declared, areas).issues), ['NIK_IMPOSSIBLE_DATE']);
    assert.deepEqual(codesOf(checkNik('3204051513900001', declared, areas).issues), ['NIK_IMPOSSIBLE_DATE']);
    assert.deepEqual(codesOf(checkNik('3204053513900001', declared, areas).issues), ['NIK_IMPOSSIBLE_DATE', 'NIK_IMPOSSIBLE_DATE']);
  });

  it('reports NIK_IMPOSSIBLE_DATE for 31 February', () => {
    const result = checkNik('3204053102900001', { birthDate: '1990-02-28', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_IMPOSSIBLE_DATE']);
  });

  it('accepts 29 February in a leap year, for a man and for a woman', () => {
    for (const sex of ['M', 'F'] as const) {
      const nik = syntheticNik(BANDUNG_CILEUNYI, '1992-02-29', sex, 7);
      const result = checkNik(nik, { birthDate: '1992-02-29', sex }, areas);
      assert.deepEqual(result.issues, [], sex);
      assert.equal(result.parsed?.birthDate, '1992-02-29');
    }
  });

  it('accepts 29 February 2000, a leap year although divisible by 100', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '2000-02-29', 'M', 7);
    assert.deepEqual(checkNik(nik, { birthDate: '2000-02-29', sex: 'M' }, areas).issues, []);
  });

  it('reports NIK_IMPOSSIBLE_DATE for 29 February in a year that is not a leap year', () => {
    const result = checkNik('3204056902930001', { birthDate: '1993-02-28', sex: 'F' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_IMPOSSIBLE_DATE']);
    assert.match(result.issues[0]?.message.en ?? '', /1993 is not a leap year/);
    assert.match(result.issues[0]?.message.id ?? '', /1993 bukan tahun kabisat/);
  });

  it('reports NIK_SERIAL_ZERO for serial 0000', () => {
    const result = checkNik('3204051503900000', { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_SERIAL_ZERO']);
    assert.equal(result.parsed, undefined);
  });

  it('reports NIK_BIRTH_DATE_MISMATCH showing both dates', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'M', 1);
    const result = checkNik(nik, { birthDate: '1990-03-16', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_BIRTH_DATE_MISMATCH']);
    assert.equal(result.issues[0]?.message.en, 'The birth date in the NIK (15-03-90) does not match the declared birth date (16-03-1990).');
  });

  it('reports NIK_BIRTH_DATE_MISMATCH when only the two-digit year differs', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '1991-03-15', 'M', 1);
    const result = checkNik(nik, { birthDate: '1990-03-15', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues), ['NIK_BIRTH_DATE_MISMATCH']);
  });

  it('reports NIK_SEX_MISMATCH for a woman declared as a man and the other way round', () => {
    const womans = syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'F', 1);
    const mans = syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'M', 1);
    assert.deepEqual(codesOf(checkNik(womans, { birthDate: '1990-03-15', sex: 'M' }, areas).issues), ['NIK_SEX_MISMATCH']);
    assert.deepEqual(codesOf(checkNik(mans, { birthDate: '1990-03-15', sex: 'F' }, areas).issues), ['NIK_SEX_MISMATCH']);
  });

  it('reports every applicable issue at once', () => {
    // Unknown province, serial 0000, a woman's day declared as a man born on another day.
    const result = checkNik('2001015503900000', { birthDate: '1990-03-16', sex: 'M' }, areas);
    assert.deepEqual(codesOf(result.issues).sort(), [
      'NIK_BIRTH_DATE_MISMATCH',
      'NIK_SERIAL_ZERO',
      'NIK_SEX_MISMATCH',
      'NIK_UNKNOWN_PROVINCE',
    ]);
  });

  it('checks only the NIK itself when the declared birth date is malformed', () => {
    const nik = syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'M', 1);
    const result = checkNik(nik, { birthDate: '15/03/1990', sex: 'M' }, areas);
    assert.deepEqual(result.issues, []);
    assert.equal(result.parsed, undefined);
  });

  it('writes every message in English and Indonesian', () => {
    const result = checkNik('2001015513900000', { birthDate: '1990-03-16', sex: 'M' }, areas);
    assert.ok(result.issues.length > 0);
    for (const found of [...result.issues, ...result.warnings]) {
      assert.ok(found.message.en.length > 10 && found.message.id.length > 10);
      assert.notEqual(found.message.en, found.message.id);
    }
  });
});

describe('parseNik', () => {
  it('reads the area, birth date, sex and serial', () => {
    assert.deepEqual(parseNik('3204055503900042', '2025-06-30'), {
      provinceCode: '32',
      regencyCode: '3204',
      districtCode: '320405',
      birthDate: '1990-03-15',
      sex: 'F',
      serial: '0042',
    });
  });

  it('chooses the latest century that does not put the birth date after today', () => {
    assert.equal(parseNik('3204051506250001', '2025-06-30')?.birthDate, '2025-06-15');
    assert.equal(parseNik('3204051507250001', '2025-06-30')?.birthDate, '1925-07-15');
    assert.equal(parseNik('3204053006250001', '2025-06-30')?.birthDate, '2025-06-30');
  });

  it('returns undefined for a NIK that is structurally impossible', () => {
    const today = '2025-06-30';
    assert.equal(parseNik('320405150390001', today), undefined);
    assert.equal(parseNik('3204053503900001', today), undefined);
    assert.equal(parseNik('3204051513900001', today), undefined);
    assert.equal(parseNik('3204053102900001', today), undefined);
    assert.equal(parseNik('3204051503900000', today), undefined);
  });

  it('decides 29 February with the century it chose', () => {
    // 00 is 2000 (a leap year); 25 is 1925 (not one), since 2025 would be after today.
    assert.equal(parseNik('3204052902000001', '2025-06-30')?.birthDate, '2000-02-29');
    assert.equal(parseNik('3204056902240001', '2025-06-30')?.birthDate, '2024-02-29');
    assert.equal(parseNik('3204052902250001', '2025-01-01'), undefined);
  });

  it('refuses a malformed today, which is a programming error', () => {
    assert.throws(() => parseNik('3204051503900001', '30-06-2025'), RangeError);
  });
});

describe('syntheticNik', () => {
  it('refuses an area that is not 6 digits, an impossible date or a serial outside 1–9999', () => {
    assert.throws(() => syntheticNik('3204', '1990-03-15', 'M', 1), RangeError);
    assert.throws(() => syntheticNik(BANDUNG_CILEUNYI, '1990-02-30', 'M', 1), RangeError);
    assert.throws(() => syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'M', 0), RangeError);
    assert.throws(() => syntheticNik(BANDUNG_CILEUNYI, '1990-03-15', 'M', 10_000), RangeError);
  });
});

describe('redaction for logs', () => {
  it('keeps the area of a NIK and masks its birth date and serial', () => {
    assert.equal(redactNik('3204055503900042'), '320405**********');
  });

  it('masks a string too short to be a NIK entirely', () => {
    assert.equal(redactNik('32040'), '*****');
  });

  it('keeps only the last 2 characters of a passport number', () => {
    assert.equal(redactPassport('C1234567'), '******67');
    assert.equal(redactPassport('X123'), '****');
  });
});

describe('NIK properties', () => {
  const bornFrom = Date.UTC(1940, 0, 1);
  const bornUntil = Date.UTC(2010, 11, 31);
  const birthDate = fc
    .integer({ min: bornFrom / 86_400_000, max: bornUntil / 86_400_000 })
    .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));
  const sex = fc.constantFrom<Sex>('F', 'M');
  const serial = fc.integer({ min: 1, max: 9999 });
  const person = () => fc.record({ area: fc.constantFrom(...sampleDistricts), birthDate, sex, serial });

  it('a synthetic NIK passes checkNik against its own data and round-trips birth date and sex', () => {
    fc.assert(
      fc.property(person(), (p) => {
        const nik = syntheticNik(p.area, p.birthDate, p.sex, p.serial);
        const checked = checkNik(nik, { birthDate: p.birthDate, sex: p.sex }, areas);
        assert.deepEqual(checked.issues, []);
        assert.deepEqual(checked.warnings, []);
        assert.equal(checked.parsed?.birthDate, p.birthDate);
        assert.equal(checked.parsed?.sex, p.sex);
        const parsed = parseNik(nik, '2025-06-30');
        assert.equal(parsed?.birthDate, p.birthDate);
        assert.equal(parsed?.sex, p.sex);
      }),
      { numRuns: 2000 },
    );
  });

  it('changing any single digit of the birth date never passes against the declared data', () => {
    fc.assert(
      fc.property(person(), fc.integer({ min: 6, max: 11 }), fc.integer({ min: 1, max: 9 }), (p, position, shift) => {
        const nik = syntheticNik(p.area, p.birthDate, p.sex, p.serial);
        const digit = (Number(nik[position]) + shift) % 10;
        const changed = nik.slice(0, position) + String(digit) + nik.slice(position + 1);
        const checked = checkNik(changed, { birthDate: p.birthDate, sex: p.sex }, areas);
        assert.ok(checked.issues.length > 0, `${changed} passed for ${p.birthDate} ${p.sex}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('declaring the other sex never passes', () => {
    fc.assert(
      fc.property(person(), (p) => {
        const nik = syntheticNik(p.area, p.birthDate, p.sex, p.serial);
        const otherSex: Sex = p.sex === 'F' ? 'M' : 'F';
        const checked = checkNik(nik, { birthDate: p.birthDate, sex: otherSex }, areas);
        assert.deepEqual(codesOf(checked.issues), ['NIK_SEX_MISMATCH']);
      }),
    );
  });
});
