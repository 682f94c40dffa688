import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FormatRegistry, TypeRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { login } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { checkNik } from '../identity/nik.ts';
import { fixedClock } from '../kernel/clock.ts';
import { pmiPhases, registrationChannels, segments } from '../membership/rules.ts';
import { RegistrationSchema } from '../membership/schemas.ts';
import { findMember, searchMembers } from '../membership/service.ts';
import { findPartnerByCode } from '../partners/service.ts';
import { createTestContext } from '../testing/harness.ts';
import { type DemoAreas, loadDemoAreas } from './areas.ts';
import { planMembers } from './plan.ts';
import { type DemoScenarioKey, demoAccounts, demoScenarios, isDatabaseEmpty, seedDemo } from './seed.ts';

type TestContext = AppContext & { close(): Promise<void> };

const MEMBERS = 300;

let ctx: TestContext;
let emptyBefore: boolean;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
let areas: DemoAreas;

before(async () => {
  ctx = await createTestContext();
  emptyBefore = await isDatabaseEmpty(ctx);
  seeded = await seedDemo(ctx, { members: MEMBERS });
  areas = await loadDemoAreas();
});

after(async () => {
  await ctx?.close();
});

async function distinct(column: 'segment' | 'pmi_phase' | 'registration_channel'): Promise<string[]> {
  const rows = await ctx.db.selectFrom('memberships').select(column).distinct().execute();
  return rows.map((r) => r[column]).filter((v): v is NonNullable<typeof v> => v !== null);
}

async function scenarioMember(key: DemoScenarioKey) {
  const scenario = demoScenarios.find((s) => s.key === key);
  assert.ok(scenario);
  const found = await searchMembers(ctx, { passport: { number: scenario.passportNumber, issuingCountry: 'ID' } }, undefined);
  const summary = found.items[0];
  assert.ok(summary, `scenario member ${key} is registered`);
  assert.equal(summary.fullName, scenario.fullName);
  return findMember(ctx, summary.membershipNumber, undefined);
}

describe('seedDemo', () => {
  it('finds the database empty before seeding and not empty after', async () => {
    assert.equal(emptyBefore, true);
    assert.equal(await isDatabaseEmpty(ctx), false);
  });

  it('registers every member asked for through registerMember, so every rule held for each', async () => {
    assert.equal(seeded.members, MEMBERS);
    const { n } = await ctx.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), MEMBERS);
  });

  it('gives every Indonesian a NIK that matches their birth date and sex and a current district', async () => {
    const people = await ctx.db.selectFrom('persons').select(['nik', 'birth_date', 'sex', 'nationality']).execute();
    for (const person of people) {
      if (person.nationality !== 'ID') {
        assert.equal(person.nik, null);
        continue;
      }
      assert.ok(person.nik);
      const check = checkNik(person.nik, { birthDate: person.birth_date, sex: person.sex as 'F' | 'M' }, ctx.areaCodes);
      assert.deepEqual([...check.issues, ...check.warnings], [], person.nik);
    }
  });

  it('shows every segment', async () => {
    assert.deepEqual((await distinct('segment')).sort(), [...segments].sort());
  });

  it('shows every PMI phase', async () => {
    assert.deepEqual((await distinct('pmi_phase')).sort(), [...pmiPhases].sort());
  });

  it('shows every registration channel', async () => {
    assert.deepEqual((await distinct('registration_channel')).sort(), [...registrationChannels].sort());
  });

  it('places PMI in at least six destination countries', async () => {
    const rows = await ctx.db.selectFrom('placements').select('destination_country').distinct().execute();
    assert.ok(rows.length >= 6, `only ${rows.map((r) => r.destination_country).join(', ')}`);
  });

  it('creates the partners the sources name, each with its type', async () => {
    assert.equal(seeded.partners, 17);
    const expected = {
      'KJRI-HONGKONG': ['EMBASSY', 'HK'],
      'KDEI-TAIPEI': ['EMBASSY', 'TW'],
      'LP-SABAH': ['LOCAL_PARTNER', 'MY'],
      'LP-SARAWAK': ['LOCAL_PARTNER', 'MY'],
      'NPS-KOREA': ['FOREIGN_INSTITUTION', 'KR'],
      'LPA-KARIMUN': ['SOCIAL_AFFAIRS_BODY', 'ID'],
      KEMENLU: ['MINISTRY', 'ID'],
      IMIGRASI: ['IMMIGRATION', 'ID'],
    };
    for (const [code, [type, country]] of Object.entries(expected)) {
      const partner = await findPartnerByCode(ctx, code);
      assert.deepEqual([partner?.type, partner?.country], [type, country], code);
    }
  });

  it('lets every demo account sign in with its role, and binds partner users to their partner', async () => {
    assert.deepEqual(seeded.users.map((u) => u.role).sort(), [
      'ADMINISTRATOR',
      'AUDITOR',
      'OFFICER',
      'PARTNER_USER',
      'PARTNER_USER',
      'SUPERVISOR',
    ]);
    const partnerCodes = new Set<string>();
    for (const account of demoAccounts) {
      assert.ok(account.password.length >= 12, account.username);
      const session = await login(ctx, account.username, account.password);
      assert.equal(session.principal.kind, 'staff');
      if (session.principal.kind !== 'staff') continue;
      assert.equal(session.principal.role, account.role);
      if (account.partnerCode) {
        partnerCodes.add(account.partnerCode);
        const partner = await findPartnerByCode(ctx, account.partnerCode);
        assert.equal(session.principal.partnerId, partner?.id);
      } else {
        assert.equal(session.principal.partnerId, null);
      }
    }
    assert.equal(partnerCodes.size, 2);
  });

  it('shows a PMI who moved from Malaysia to Taiwan, with the Malaysian placement ended as moved', async () => {
    const member = await scenarioMember('moved-malaysia-to-taiwan');
    assert.equal(member.pmiPhase, 'DURING_PLACEMENT');
    assert.equal(member.channelPartner?.code, 'LP-SABAH');
    const [current, previous] = member.placements;
    assert.equal(current?.destinationCountry, 'TW');
    assert.equal(current?.endedOn, null);
    assert.equal(previous?.destinationCountry, 'MY');
    assert.equal(previous?.endReason, 'MOVED');
    assert.equal(member.person.address?.country, 'TW');
  });

  it('shows a PMI in Hong Kong whose contract was extended abroad', async () => {
    const member = await scenarioMember('contract-extended');
    const [placement] = member.placements;
    assert.equal(placement?.destinationCountry, 'HK');
    assert.equal(placement?.extensions.length, 1);
    assert.equal(placement?.extensions[0]?.channel, 'CONTRACT_EXTENSION_ABROAD');
    assert.ok((placement?.contractEnd ?? '') > ctx.clock.today());
  });

  it('shows a PMI who came home from South Korea when the contract ended', async () => {
    const member = await scenarioMember('returned-from-korea');
    assert.equal(member.pmiPhase, 'AFTER_PLACEMENT');
    assert.equal(member.placements[0]?.destinationCountry, 'KR');
    assert.equal(member.placements[0]?.endReason, 'RETURNED');
  });

  it('shows a closed membership', async () => {
    const member = await scenarioMember('membership-closed');
    assert.equal(member.status, 'CLOSED');
    assert.equal(member.statusHistory.at(-1)?.status, 'CLOSED');
  });

  it('keeps contract dates consistent with each PMI phase', async () => {
    const today = ctx.clock.today();
    const rows = await ctx.db
      .selectFrom('memberships as m')
      .innerJoin('placements as p', 'p.membership_id', 'm.id')
      .select(['m.pmi_phase', 'p.contract_start', 'p.contract_end', 'p.ended_on'])
      .where('m.status', '<>', 'CLOSED')
      .execute();
    for (const row of rows) {
      if (row.ended_on !== null) continue;
      if (row.pmi_phase === 'BEFORE_PLACEMENT') assert.ok(row.contract_start > today, JSON.stringify(row));
      if (row.pmi_phase === 'DURING_PLACEMENT') assert.ok(row.contract_end > today, JSON.stringify(row));
      if (row.pmi_phase === 'AFTER_PLACEMENT') assert.ok(row.contract_end < today, JSON.stringify(row));
    }
  });

  it('refuses to seed a database that already has members', async () => {
    await assert.rejects(seedDemo(ctx, { members: 1 }), /already has members/);
  });
});

describe('the demo plan', () => {
  const plan = (options: { seed?: number; today?: string; count?: number } = {}) => {
    const today = options.today ?? '2026-05-10';
    return planMembers({ count: options.count ?? MEMBERS, seed: options.seed ?? 7, today, now: new Date(`${today}T09:00:00Z`), areas });
  };
  const identities = (members: ReturnType<typeof plan>) => members.map((m) => [m.input.person.nik ?? null, m.input.person.fullName]);

  it('follows the registration API schema for every member', () => {
    // The API validates with Ajv; TypeBox's own checker needs the formats and string enums explained.
    if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
    if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v));
    if (!TypeRegistry.Has('Unsafe')) {
      TypeRegistry.Set<{ enum?: unknown[] }>('Unsafe', (schema, value) => schema.enum === undefined || schema.enum.includes(value));
    }
    for (const member of plan()) {
      const errors = [...Value.Errors(RegistrationSchema, member.input)].map((e) => `${e.path}: ${e.message}`);
      assert.deepEqual(errors, [], `member #${member.index}`);
    }
  });

  it('gives different people for a different seed', () => {
    assert.notDeepEqual(identities(plan({ seed: 1 })), identities(plan({ seed: 2 })));
  });

  it('gives the same names and NIKs whatever the reference date', () => {
    assert.deepEqual(identities(plan({ today: '2026-05-10' })), identities(plan({ today: '2031-01-20' })));
  });

  it('gives the first members of a larger run the same people as a smaller run', () => {
    assert.deepEqual(identities(plan({ count: 500 })).slice(0, 100), identities(plan({ count: 100 })));
  });

  it('plans every registration and every later change at or before the reference instant, changes after their registration', () => {
    const now = new Date('2026-05-10T09:00:00Z');
    for (const member of plan({ count: 1000 })) {
      assert.ok(member.registeredAt <= now);
      for (const followUp of member.followUps) {
        assert.ok(followUp.at <= now && followUp.at >= member.registeredAt, `member #${member.index} ${followUp.kind}`);
      }
    }
  });
});

describe('seeding twice with the same seed', () => {
  it('produces the same members, with the same NIKs, names and membership numbers', async () => {
    const clock = fixedClock('2026-05-10T03:00:00Z');
    const snapshots = [];
    for (let run = 0; run < 2; run++) {
      const fresh = await createTestContext({ clock });
      try {
        await seedDemo(fresh, { members: 120, seed: 42 });
        snapshots.push(
          await fresh.db
            .selectFrom('memberships as m')
            .innerJoin('persons as p', 'p.id', 'm.person_id')
            .select(['m.membership_number', 'p.nik', 'p.full_name', 'p.birth_date', 'm.segment', 'm.registration_channel'])
            .orderBy('m.membership_number')
            .execute(),
        );
      } finally {
        await fresh.close();
      }
    }
    assert.equal(snapshots[0]?.length, 120);
    assert.deepEqual(snapshots[0], snapshots[1]);
  });
});
