import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { harmonizeName, soundKey } from './names.ts';

const key = (name: string) => harmonizeName(name).key;

describe('Indonesian name harmonization', () => {
  it('keeps a single name as one token', () => {
    assert.deepEqual(harmonizeName('Sukarni').tokens, ['SUKARNI']);
    assert.equal(key('  sukarni '), 'SUKARNI');
  });

  it('gives every spelling and abbreviation of Muhammad the same key', () => {
    const forms = [
      'Muhammad Yusuf',
      'Muhamad Yusuf',
      'Mohammad Yusuf',
      'Mohamed Yusuf',
      'Mochammad Yusuf',
      'Moh. Yusuf',
      'M. Yusuf',
      'Muh Yusuf',
      'MHD Yusuf',
    ];
    assert.deepEqual(new Set(forms.map(key)), new Set(['MUHAMAD YUSUF']));
  });

  it('does not read a lone M at the end of a name as Muhammad', () => {
    assert.deepEqual(harmonizeName('Yusuf M').tokens, ['YUSUF', 'M']);
  });

  it('undoes the old spelling dj → j', () => {
    assert.equal(key('Djoko'), key('Joko'));
  });

  it('undoes the old spelling tj → c', () => {
    assert.equal(key('Tjahjono'), key('Cahyono'));
  });

  it('undoes the old spelling oe → u', () => {
    assert.equal(key('Soekarno'), key('Sukarno'));
    assert.equal(soundKey('SOEHARTO'), 'SUHARTO');
  });

  it('undoes the old spelling ch → kh', () => {
    assert.equal(key('Chairul Anwar'), key('Khairul Anwar'));
  });

  it('treats j and y as one letter, as the old j was the new y', () => {
    assert.equal(key('Jusuf'), key('Yusuf'));
    assert.equal(key('Djojo'), key('Yoyo'));
  });

  it('writes doubled letters once', () => {
    assert.equal(key('Nurrahman'), key('Nurahman'));
    assert.equal(key('Sittii Aminnah'), key('Siti Aminah'));
  });

  it('drops the honorifics H. and Hj. before a name', () => {
    assert.equal(key('H. Ahmad Dahlan'), key('Ahmad Dahlan'));
    assert.equal(key('Hj. Siti Aminah'), key('Siti Aminah'));
    assert.equal(key('Hj Siti Aminah'), key('Siti Aminah'));
  });

  it('keeps a name that is only an honorific-like word', () => {
    assert.equal(key('Haji'), 'HAYI');
  });

  it('sets the father’s name after bin or binti apart from the person’s own name', () => {
    const son = harmonizeName('Ahmad bin Salim');
    assert.deepEqual(son.tokens, ['AHMAD']);
    assert.equal(son.father, 'SALIM');
    const daughter = harmonizeName('Siti Aisyah binti Muhammad Nur');
    assert.deepEqual(daughter.tokens, ['SITI', 'AISYAH']);
    assert.equal(daughter.father, 'MUHAMAD NUR');
    assert.equal(harmonizeName('Siti Aisyah bt. Muhammad Nur').father, 'MUHAMAD NUR');
  });

  it('gives the same key whatever the word order', () => {
    assert.equal(key('Aminah Siti'), key('Siti Aminah'));
    assert.deepEqual(harmonizeName('Aminah Siti').tokens, ['AMINAH', 'SITI']);
  });

  it('sets the Balinese birth-order name apart and records the order', () => {
    const wayan = harmonizeName('I Wayan Sudarsa');
    assert.deepEqual(wayan.tokens, ['SUDARSA']);
    assert.equal(wayan.birthOrder, 1);
    assert.equal(harmonizeName('Putu Sudarsa').birthOrder, 1);
    assert.equal(harmonizeName('Kadek Sudarsa').birthOrder, 2);
    assert.equal(harmonizeName('I Nyoman Sudarsa').birthOrder, 3);
    assert.equal(harmonizeName('Ketut Sudarsa').birthOrder, 4);
    const luh = harmonizeName('Ni Luh Putu Ayu Lestari');
    assert.deepEqual(luh.tokens, ['AYU', 'LESTARI']);
    assert.equal(luh.birthOrder, 1);
  });

  it('keeps a Balinese name that is only a birth-order name', () => {
    assert.deepEqual(harmonizeName('Made').tokens, ['MADE']);
    assert.deepEqual(harmonizeName('I Made').tokens, ['MADE']);
    assert.equal(harmonizeName('I Made').birthOrder, 2);
  });

  it('sets the Batak clan name apart, with or without "br."', () => {
    const man = harmonizeName('Tigor Siregar');
    assert.deepEqual(man.tokens, ['TIGOR']);
    assert.equal(man.clan, 'SIREGAR');
    const woman = harmonizeName('Maria br. Sitorus');
    assert.deepEqual(woman.tokens, ['MARIA']);
    assert.equal(woman.clan, 'SITORUS');
    assert.equal(harmonizeName('Rudi Perangin-angin').clan, 'PERANGINANGIN');
    assert.equal(harmonizeName('Rudi Perangin Angin').clan, 'PERANGINANGIN');
  });

  it('keeps a clan name that is the whole name', () => {
    const only = harmonizeName('Siregar');
    assert.deepEqual(only.tokens, ['SIREGAR']);
    assert.equal(only.clan, null);
  });

  it('joins apostrophes and ignores accents and punctuation', () => {
    assert.equal(key("Nur'aini"), key('Nuraini'));
    assert.equal(key('Désy-Ratnasari'), key('Desy Ratnasari'));
  });
});

describe('the plain-ASCII shortcut', () => {
  it('gives the same tokens as the full normalization', async () => {
    const { normalizeName } = await import('../identity/names.ts');
    for (const name of ["Nur'aini bin H. Salim", 'M.Yusuf', '  siti   aminah ', 'I Wayan-Sudarsa', 'O`Neil 2nd']) {
      assert.equal(harmonizeName(name).tokens.join(' ').length > 0, true);
      assert.deepEqual(harmonizeName(name), harmonizeName(`${normalizeName(name)}\u00a0`.normalize('NFC')));
    }
  });
});
