import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordPayment } from '../contributions/service.ts';
import { movableClock } from '../kernel/clock.ts';
import { registerMember } from '../membership/service.ts';
import { addVirtualAccountChannel, citizen, memberWithOpenBill, passportNumber, pmiRegistration } from '../testing/fixtures.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { applyDocument } from './service.ts';
import { partnerWithAgreement, post, type TestPartner } from './test-partners.ts';

const clock = movableClock('2026-03-02T03:00:00Z');
let t: TestApp;
let ministry: TestPartner;
let immigration: TestPartner;
let embassy: TestPartner;
let localPartner: TestPartner;

before(async () => {
  t = await createTestApp({ clock });
  ministry = await partnerWithAgreement(t.ctx, { type: 'MINISTRY', send: ['SELF_REPORT', 'CONTRACT_EXTENSION'] });
  immigration = await partnerWithAgreement(t.ctx, { type: 'IMMIGRATION', send: ['DEPARTURE', 'ARRIVAL'] });
  embassy = await partnerWithAgreement(t.ctx, { type: 'EMBASSY', country: 'HK', send: ['PARTNER_REGISTRATION', 'CONTRACT_EXTENSION'] });
  localPartner = await partnerWithAgreement(t.ctx, { type: 'LOCAL_PARTNER', country: 'MY', send: ['PARTNER_REGISTRATION'] });
  await addVirtualAccountChannel(t.ctx.db);
});
after(() => t.close());

async function passportOf(membershipNumber: string) {
  return t.ctx.db
    .selectFrom('memberships as m')
    .innerJoin('passports as p', 'p.person_id', 'm.person_id')
    .select(['p.number', 'p.issuing_country', 'm.pmi_phase', 'm.id'])
    .where('m.membership_number', '=', membershipNumber)
    .executeTakeFirstOrThrow();
}

async function accepted(partner: TestPartner, type: string, document: Record<string, unknown>) {
  const response = await post(t, await partner.sign(type, document));
  assert.equal(response.statusCode, 200, response.body);
  return response.json().result as Record<string, unknown>;
}

describe('CONTRACT_EXTENSION', () => {
  it('extends the contract of a member abroad and bills the extension fee', async () => {
    const { membershipNumber } = await registerMember(t.ctx, pmiRegistration('DURING_PLACEMENT'), undefined);
    const passport = await passportOf(membershipNumber);
    const result = await accepted(embassy, 'CONTRACT_EXTENSION', {
      person: { fullName: 'Siti Aminah', birthDate: '1995-08-05', sex: 'F' },
      passport: { number: passport.number, issuingCountry: passport.issuing_country, expiryDate: '2030-01-31' },
      country: 'HK',
      contract: { start: '2026-02-01', previousEnd: '2028-01-31', newEnd: '2030-01-31' },
    });
    assert.equal(result.effect, 'EXTENDED');
    assert.equal(result.membershipNumber, membershipNumber);
    const placement = await t.ctx.db
      .selectFrom('placements')
      .select('contract_end')
      .where('membership_id', '=', passport.id)
      .executeTakeFirstOrThrow();
    assert.equal(placement.contract_end, '2030-01-31');
    const bill = await t.ctx.db.selectFrom('bills').select(['kind', 'amount']).where('membership_id', '=', passport.id).executeTakeFirst();
    assert.equal(bill?.kind, 'PMI_EXTENSION');
    assert.ok((bill?.amount ?? 0) > 0);
  });

  it('answers the retry of an extension applied before the process died as the first time', async () => {
    const identity = citizen();
    const doc = {
      person: { nik: identity.nik, fullName: 'Dewi Lestari', birthDate: identity.birthDate, sex: identity.sex },
      passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-05-31' },
      country: 'TW',
      contract: { start: '2025-06-01', previousEnd: '2026-05-31', newEnd: '2027-05-31' },
    };
    const partner = await t.ctx.db
      .selectFrom('partners')
      .select(['id', 'code', 'type'])
      .where('code', '=', ministry.code)
      .executeTakeFirstOrThrow();
    // The first attempt registered, extended and billed, and died before its acceptance.
    const first = await applyDocument(t.ctx, partner, 'CONTRACT_EXTENSION', doc, 'EXT-CRASH-1', true);
    assert.equal(first.effect, 'REGISTERED_AND_EXTENDED');
    const retry = await post(t, await ministry.sign('CONTRACT_EXTENSION', doc, { messageId: 'EXT-CRASH-1' }));
    assert.equal(retry.statusCode, 200, retry.body);
    const result = retry.json().result;
    assert.deepEqual(
      [result.effect, result.membershipNumber, result.bill, result.billingProblem],
      ['REGISTERED_AND_EXTENDED', first.membershipNumber, first.detail.bill, null],
    );
    const extensions = await t.ctx.db
      .selectFrom('member_events as e')
      .innerJoin('memberships as m', 'm.id', 'e.membership_id')
      .select('e.id')
      .where('m.membership_number', '=', first.membershipNumber as string)
      .where('e.type', '=', 'contract.extended')
      .execute();
    assert.equal(extensions.length, 1);
    const bills = await t.ctx.db
      .selectFrom('bills')
      .select('id')
      .where('membership_id', '=', first.membershipId as string)
      .execute();
    assert.equal(bills.length, 1);
  });

  it('creates the membership of a worker not yet registered, then extends and bills it', async () => {
    const identity = citizen();
    const result = await accepted(ministry, 'CONTRACT_EXTENSION', {
      person: { nik: identity.nik, fullName: 'Rina Marlina', birthDate: identity.birthDate, sex: identity.sex },
      passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-05-31' },
      country: 'TW',
      contract: { start: '2025-06-01', previousEnd: '2026-05-31', newEnd: '2027-05-31' },
    });
    assert.equal(result.effect, 'REGISTERED_AND_EXTENDED');
    const membership = await t.ctx.db
      .selectFrom('memberships')
      .select(['registration_channel'])
      .where('membership_number', '=', result.membershipNumber as string)
      .executeTakeFirstOrThrow();
    assert.equal(membership.registration_channel, 'CONTRACT_EXTENSION_ABROAD');
  });
});

describe('DEPARTURE and ARRIVAL', () => {
  it('records a protected departure without a flag', async () => {
    const member = await memberWithOpenBill(t.ctx);
    await recordPayment(
      t.ctx,
      {
        channelCode: 'BNI-VA',
        channelReference: `VA-${member.billNumber}`,
        billNumber: member.billNumber,
        amount: 332_500,
        paidAt: '2026-02-20T03:00:00Z',
      },
      'NOTIFICATION',
      'channel:BNI-VA',
    );
    const passport = await passportOf(member.membershipNumber);
    const result = await accepted(immigration, 'DEPARTURE', {
      passport: { number: passport.number, issuingCountry: passport.issuing_country },
      crossedOn: '2026-03-01',
      country: 'HK',
      borderPost: 'CGK',
    });
    assert.equal(result.protected, true);
    assert.equal(result.flag, undefined);
  });

  it('flags a PMI departing with no active protection', async () => {
    const member = await memberWithOpenBill(t.ctx);
    const passport = await passportOf(member.membershipNumber);
    const result = await accepted(immigration, 'DEPARTURE', {
      passport: { number: passport.number, issuingCountry: passport.issuing_country },
      crossedOn: '2026-03-01',
      country: 'HK',
    });
    assert.equal(result.flag, 'DEPARTED_WITHOUT_PROTECTION');
    assert.equal(result.reason, 'NO_PAID_PERIOD');
  });

  it('flags a departing worker who is not a member at all', async () => {
    const number = passportNumber();
    const result = await accepted(immigration, 'DEPARTURE', {
      passport: { number, issuingCountry: 'ID' },
      crossedOn: '2026-03-01',
      country: 'SA',
    });
    assert.equal(result.flag, 'DEPARTED_WITHOUT_PROTECTION');
    assert.equal(result.reason, 'NOT_A_MEMBER');
    assert.equal(result.membershipNumber, null);
    // Recorded once, with the acceptance, and staged for harmonization beside it.
    const crossings = await t.ctx.db
      .selectFrom('exchange_crossings')
      .select(['direction', 'protected'])
      .where('passport_number', '=', number)
      .execute();
    assert.deepEqual(crossings, [{ direction: 'DEPARTURE', protected: false }]);
    const staged = await t.ctx.db.selectFrom('partner_records').select('source_type').where('passport_number', '=', number).execute();
    assert.deepEqual(staged, [{ source_type: 'DEPARTURE' }]);
  });

  it('moves a PMI abroad to after-placement on arrival', async () => {
    const { membershipNumber } = await registerMember(t.ctx, pmiRegistration('DURING_PLACEMENT'), undefined);
    const passport = await passportOf(membershipNumber);
    const result = await accepted(immigration, 'ARRIVAL', {
      passport: { number: passport.number, issuingCountry: passport.issuing_country },
      crossedOn: '2026-03-01',
      country: 'HK',
    });
    assert.equal(result.phaseChanged, 'AFTER_PLACEMENT');
    assert.equal((await passportOf(membershipNumber)).pmi_phase, 'AFTER_PLACEMENT');
  });
});

describe('PARTNER_REGISTRATION', () => {
  function registration() {
    const identity = citizen();
    return {
      person: { nik: identity.nik, fullName: 'Yuli Astuti', birthDate: identity.birthDate, sex: identity.sex },
      passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2031-05-31' },
      placement: {
        destinationCountry: 'MY',
        employerName: 'Tan Ah Kow',
        placementRoute: 'PLACEMENT_EXECUTOR',
        contractStart: '2026-01-01',
        contractEnd: '2027-12-31',
      },
    };
  }

  it('registers a worker with the embassy desk as the channel', async () => {
    const result = await accepted(embassy, 'PARTNER_REGISTRATION', {
      ...registration(),
      placement: { ...registration().placement, destinationCountry: 'HK' },
    });
    const membership = await t.ctx.db
      .selectFrom('memberships as m')
      .innerJoin('partners as p', 'p.id', 'm.channel_partner_id')
      .select(['m.registration_channel', 'p.code'])
      .where('m.membership_number', '=', result.membershipNumber as string)
      .executeTakeFirstOrThrow();
    assert.equal(membership.registration_channel, 'EMBASSY_DESK');
    assert.equal(membership.code, embassy.code);
  });

  it('registers a worker with the local partner as the channel', async () => {
    const result = await accepted(localPartner, 'PARTNER_REGISTRATION', registration());
    assert.equal(result.channel, 'LOCAL_PARTNER');
  });

  it('answers a domain refusal (a duplicate registration) with a signed error and stores nothing', async () => {
    const doc = registration();
    await accepted(localPartner, 'PARTNER_REGISTRATION', doc);
    const response = await post(t, await localPartner.sign('PARTNER_REGISTRATION', doc));
    assert.equal(response.statusCode, 409, response.body);
    assert.equal(response.json().code, 'DUPLICATE_REGISTRATION');
    assert.equal(typeof response.json().receipt, 'string');
  });

  it('answers the retry of a message whose registration landed before the process died as the first time', async () => {
    const doc = registration();
    const partner = await t.ctx.db
      .selectFrom('partners')
      .select(['id', 'code', 'type'])
      .where('code', '=', localPartner.code)
      .executeTakeFirstOrThrow();
    // The first attempt applied the document and died before its acceptance was committed.
    const first = await applyDocument(t.ctx, partner, 'PARTNER_REGISTRATION', doc, 'LP-CRASH-1', true);
    const retry = await post(t, await localPartner.sign('PARTNER_REGISTRATION', doc, { messageId: 'LP-CRASH-1' }));
    assert.equal(retry.statusCode, 200, retry.body);
    assert.equal(retry.json().result.effect, 'REGISTERED');
    assert.equal(retry.json().result.membershipNumber, first.membershipNumber);
    const members = await t.ctx.db.selectFrom('passports').select('person_id').where('number', '=', doc.passport.number).execute();
    assert.equal(members.length, 1);
    // Another message registering the same person is still a duplicate.
    const other = await post(t, await localPartner.sign('PARTNER_REGISTRATION', doc, { messageId: 'LP-CRASH-2' }));
    assert.equal(other.statusCode, 409, other.body);
    assert.equal(other.json().code, 'DUPLICATE_REGISTRATION');
  });
});
