import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFailure, exponentialBackoff, handlerFor, malformedHandlerKeys } from './rules.ts';

describe('handlerFor', () => {
  const handlers = { 'notification.*': 'any notification', 'notification.sms.*': 'sms', 'notification.sign-in-code': 'sign-in code' };

  it('picks the handler of the exact topic first', () => {
    assert.equal(handlerFor(handlers, 'notification.sign-in-code'), 'sign-in code');
  });

  it('picks the longest matching pattern otherwise', () => {
    assert.equal(handlerFor(handlers, 'notification.sms.reminder'), 'sms');
    assert.equal(handlerFor(handlers, 'notification.member'), 'any notification');
  });

  it('finds nothing for a topic no key covers, nor for the bare prefix of a pattern', () => {
    assert.equal(handlerFor(handlers, 'partner.message'), undefined);
    assert.equal(handlerFor(handlers, 'notification'), undefined);
  });

  it('does not take inherited object properties for handlers', () => {
    assert.equal(handlerFor(handlers, 'constructor'), undefined);
  });
});

describe('malformedHandlerKeys', () => {
  it('accepts topics and prefix patterns and names every other key with a star', () => {
    assert.deepEqual(malformedHandlerKeys({ 'a.b': 1, 'a.*': 1, '*': 1, 'a*': 1, 'a.*.b': 1, '.*': 1 }), ['*', 'a*', 'a.*.b', '.*']);
  });
});

describe('exponentialBackoff', () => {
  it('doubles from one second per attempt when the jitter is centred', () => {
    const backoff = exponentialBackoff({ random: () => 0.5 });
    assert.deepEqual([1, 2, 3, 4, 5].map(backoff), [1000, 2000, 4000, 8000, 16000]);
  });

  it('stops growing at one hour', () => {
    const backoff = exponentialBackoff({ random: () => 0.5 });
    assert.equal(backoff(13), 3_600_000);
    assert.equal(backoff(1000), 3_600_000);
  });

  it('spreads each delay by at most 20 % either way', () => {
    assert.equal(exponentialBackoff({ random: () => 0 })(3), 3200);
    assert.equal(exponentialBackoff({ random: () => 1 })(3), 4800);
  });
});

describe('describeFailure', () => {
  it('keeps the message of an error, at most 1000 characters of it', () => {
    assert.equal(describeFailure(new Error('timeout')), 'timeout');
    assert.equal(describeFailure(new Error('x'.repeat(5000))).length, 1000);
  });

  it('describes a thrown value that is not an error', () => {
    assert.equal(describeFailure('refused'), 'refused');
  });

  it('masks a national id echoed in the error', () => {
    assert.equal(describeFailure(new Error('NIK 3204051234567890 rejected')), 'NIK 320405********** rejected');
  });
});
