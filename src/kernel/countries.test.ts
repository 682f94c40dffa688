import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNTRY_CODES, isCountryCode } from './countries.ts';

describe('ISO 3166-1 alpha-2 country codes', () => {
  it('lists the 249 officially assigned codes, each once, in alphabetical order', () => {
    assert.equal(COUNTRY_CODES.length, 249);
    assert.equal(new Set(COUNTRY_CODES).size, 249);
    assert.deepEqual([...COUNTRY_CODES].sort(), [...COUNTRY_CODES]);
  });

  it('accepts the countries where Indonesian workers are placed most', () => {
    for (const code of ['ID', 'MY', 'TW', 'HK', 'SG', 'KR', 'JP', 'SA', 'AE']) {
      assert.equal(isCountryCode(code), true, code);
    }
  });

  it('accepts recently assigned codes such as South Sudan and Curaçao', () => {
    assert.equal(isCountryCode('SS'), true);
    assert.equal(isCountryCode('CW'), true);
  });

  it('rejects lower case, padding and three-letter codes', () => {
    for (const code of ['id', 'Id', ' ID', 'ID ', 'IDN', 'I', '']) {
      assert.equal(isCountryCode(code), false, JSON.stringify(code));
    }
  });

  it('rejects reserved and user-assigned codes', () => {
    for (const code of ['UK', 'EU', 'XK', 'AN', 'ZZ']) {
      assert.equal(isCountryCode(code), false, code);
    }
  });
});
