import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkFullName, normalizeName } from './names.ts';

const pointer = '/person/fullName';

function codes(name: string): string[] {
  return checkFullName(name, pointer).map((found) => found.code);
}

describe('normalizeName', () => {
  it('upper-cases and drops the punctuation of a title and an apostrophe', () => {
    assert.equal(normalizeName("Hj. Siti Nur'aini"), 'HJ SITI NURAINI');
  });

  it('strips diacritics', () => {
    assert.equal(normalizeName('José Ñúñez Müller'), 'JOSE NUNEZ MULLER');
  });

  it('gives the same key with or without a space after an initial', () => {
    assert.equal(normalizeName('M.Yusuf'), normalizeName('M. Yusuf'));
    assert.equal(normalizeName('Abdul-Rahman'), 'ABDUL RAHMAN');
  });

  it('treats typographic apostrophes like the plain one', () => {
    assert.equal(normalizeName('Ma’ruf'), 'MARUF');
    assert.equal(normalizeName('Maʼruf'), 'MARUF');
  });

  it('collapses whitespace and trims', () => {
    assert.equal(normalizeName('  Sri \t  Wahyuni \n'), 'SRI WAHYUNI');
  });

  it('keeps a single name as it is', () => {
    assert.equal(normalizeName('Sukarni'), 'SUKARNI');
  });

  it('folds full-width letters and letters without a decomposition', () => {
    assert.equal(normalizeName('ＳＩＴＩ'), 'SITI');
    assert.equal(normalizeName('Łukasz Ødegaard'), 'LUKASZ ODEGAARD');
  });

  it('keeps names written in other scripts', () => {
    assert.equal(normalizeName('김 민준'), '김 민준');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const once = normalizeName(name);
        assert.equal(normalizeName(once), once);
      }),
    );
  });
});

describe('checkFullName', () => {
  it('accepts a single name and a long name with a title', () => {
    assert.deepEqual(checkFullName('Sukarni', pointer), []);
    assert.deepEqual(checkFullName("Hj. Siti Nur'aini binti Abdullah", pointer), []);
  });

  it('requires something other than spaces', () => {
    assert.deepEqual(codes('   '), ['NAME_EMPTY']);
    assert.deepEqual(codes(''), ['NAME_EMPTY']);
  });

  it('accepts 200 characters after trimming and rejects 201', () => {
    assert.deepEqual(codes(`  ${'a'.repeat(200)}  `), []);
    const [found] = checkFullName('a'.repeat(201), pointer);
    assert.equal(found?.code, 'NAME_TOO_LONG');
    assert.equal(found?.message.en, 'Full name must be at most 200 characters; got 201.');
    assert.equal(found?.message.id, 'Nama lengkap paling banyak 200 karakter; diterima 201.');
  });

  it('counts characters, not UTF-16 units', () => {
    assert.deepEqual(codes('𝓐'.repeat(200)), []);
  });

  it('requires at least one letter', () => {
    assert.deepEqual(codes('12345'), ['NAME_WITHOUT_LETTER']);
    assert.deepEqual(codes('-.-'), ['NAME_WITHOUT_LETTER']);
  });

  it('rejects control characters inside the name', () => {
    assert.deepEqual(codes('Siti\tAminah'), ['NAME_CONTROL_CHARACTER']);
    assert.deepEqual(codes('Siti\u0000'), ['NAME_CONTROL_CHARACTER']);
  });

  it('reports every problem at once', () => {
    assert.deepEqual(codes(`${'1'.repeat(201)}\n1`), ['NAME_TOO_LONG', 'NAME_WITHOUT_LETTER', 'NAME_CONTROL_CHARACTER']);
  });
});
