import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPhone } from './phone.ts';

const pointer = '/person/phone';

function codeAndEnglish(phone: string): [string, string] | [] {
  const [found] = checkPhone(phone, pointer);
  return found ? [found.code, found.message.en] : [];
}

describe('checkPhone', () => {
  it('accepts E.164 numbers from Indonesia, Malaysia, Hong Kong and Taiwan', () => {
    for (const phone of ['+6281234567890', '+60123456789', '+85291234567', '+886912345678']) {
      assert.deepEqual(checkPhone(phone, pointer), [], phone);
    }
  });

  it('accepts the shortest (8 digits) and longest (15 digits) lengths', () => {
    assert.deepEqual(checkPhone('+12345678', pointer), []);
    assert.deepEqual(checkPhone('+123456789012345', pointer), []);
  });

  it('rejects 7 and 16 digits, saying how many it got', () => {
    assert.deepEqual(codeAndEnglish('+1234567'), ['PHONE_FORMAT', 'Phone number must have 8 to 15 digits after +; got 7.']);
    assert.deepEqual(codeAndEnglish('+1234567890123456'), ['PHONE_FORMAT', 'Phone number must have 8 to 15 digits after +; got 16.']);
  });

  it('rejects the local Indonesian form and shows how to write it with +62', () => {
    const [found] = checkPhone('081234567890', pointer);
    assert.equal(found?.code, 'PHONE_FORMAT');
    assert.match(found?.message.en ?? '', /\+62/);
    assert.match(found?.message.id ?? '', /\+62/);
  });

  it('rejects a country code starting with 0', () => {
    assert.deepEqual(codeAndEnglish('+06281234567'), ['PHONE_FORMAT', 'The country code after + cannot start with 0.']);
  });

  it('rejects spaces, dashes and brackets instead of guessing what was meant', () => {
    for (const phone of ['+62 812 3456 7890', '+62-812-3456-7890', '+62(812)34567890']) {
      assert.equal(checkPhone(phone, pointer)[0]?.code, 'PHONE_FORMAT', phone);
    }
  });

  it('rejects a number without +, an empty value, letters and non-ASCII digits', () => {
    for (const phone of ['6281234567890', '', '+62812345678AB', '+６２８１２３４５６７８']) {
      assert.equal(checkPhone(phone, pointer).length, 1, phone);
    }
  });

  it('addresses the issue to the pointer it is given, in both languages', () => {
    const [found] = checkPhone('123', '/emergencyContact/phone');
    assert.equal(found?.pointer, '/emergencyContact/phone');
    assert.ok(found?.message.en && found.message.id && found.message.en !== found.message.id);
  });
});
