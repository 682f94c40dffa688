/**
 * Demo data: the partners the sources name, one staff account per role, and a synthetic,
 * deterministic population of members registered through `registerMember`, so every rule
 * holds for them (the seed doubles as a test of the rules). Only synthetic people: names
 * are drawn from common-name pools, NIKs are built from real district codes, e-mail goes
 * to reserved example domains.
 */
import { createUser, type StaffRole } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { seedExchangeDemo } from '../exchange/demo.ts';
import { fixedClock } from '../kernel/clock.ts';
import { DomainError } from '../kernel/errors.ts';
import { changePhase, closeMembership, extendContract, moveDestination, registerMember, updateContact } from '../membership/service.ts';
import { settleWithoutDelivery } from '../outbox/service.ts';
import { createPartner, findPartnerByCode } from '../partners/service.ts';
import { loadDemoAreas } from './areas.ts';
import { seedDemoClaims } from './claims.ts';
import { seedDemoContributions } from './contributions.ts';
import { demoPartners } from './partners.ts';
import { type FollowUp, type PlannedMember, planMembers } from './plan.ts';

export { demoPartners } from './partners.ts';
export { type DemoScenario, type DemoScenarioKey, demoScenarios } from './plan.ts';

export interface DemoAccount {
  username: string;
  password: string;
  role: StaffRole;
  partnerCode?: string;
}

/** Staff accounts of the demo, one per role; the passwords are public and for demos only. */
export const demoAccounts: DemoAccount[] = [
  { username: 'demo.officer', password: 'demo-officer-2026', role: 'OFFICER' },
  { username: 'demo.supervisor', password: 'demo-supervisor-2026', role: 'SUPERVISOR' },
  { username: 'demo.auditor', password: 'demo-auditor-2026', role: 'AUDITOR' },
  { username: 'demo.admin', password: 'demo-admin-2026', role: 'ADMINISTRATOR' },
  { username: 'demo.kjri-hk', password: 'demo-kjri-hk-2026', role: 'PARTNER_USER', partnerCode: 'KJRI-HONGKONG' },
  { username: 'demo.lp-sabah', password: 'demo-lp-sabah-2026', role: 'PARTNER_USER', partnerCode: 'LP-SABAH' },
];

export const defaultDemoMembers = 3000;
/** 1 August 2018: the day the sources count 398,326 registered PMI. */
export const defaultDemoSeed = 20180801;

export interface SeedDemoOptions {
  /** How many members to register (default 3,000). */
  members?: number;
  /** The same seed gives the same people (default 20180801). */
  seed?: number;
  /** Called as members are registered. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Loads the demo data into a database that has no members yet. Partners and accounts that
 * already exist are kept as they are. Dates are relative to `ctx.clock.today()`: contracts
 * run, end and start around it, and registrations are spread over the preceding months.
 */
export async function seedDemo(
  ctx: AppContext,
  options: SeedDemoOptions = {},
): Promise<{ partners: number; users: DemoAccount[]; members: number }> {
  const total = options.members ?? defaultDemoMembers;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`members must be a whole number ≥ 0; got ${total}`);
  if (await hasMembers(ctx)) {
    throw new Error('The database already has members: demo data is loaded only into a database without members.');
  }

  const partners = await ensurePartners(ctx);
  await seedExchangeDemo(ctx);
  await ensureAccounts(ctx);

  const plan = planMembers({
    count: total,
    seed: options.seed ?? defaultDemoSeed,
    today: ctx.clock.today(),
    now: ctx.clock.now(),
    areas: await loadDemoAreas(),
  });

  // Registered in time order, so membership numbers grow with the registration date.
  const numbers = new Map<number, string>();
  const chronological = [...plan].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());
  let done = 0;
  for (const member of chronological) {
    try {
      const result = await registerMember(at(ctx, member.registeredAt), member.input, undefined);
      numbers.set(member.index, result.membershipNumber);
    } catch (error) {
      throw refused(member, 'registration', error);
    }
    done++;
    if (done % 100 === 0 || done === total) options.onProgress?.(done, total);
  }

  const changes = plan
    .flatMap((member) => member.followUps.map((followUp) => ({ member, followUp })))
    .sort((a, b) => a.followUp.at.getTime() - b.followUp.at.getTime());
  for (const { member, followUp } of changes) {
    const membershipNumber = numbers.get(member.index) as string;
    try {
      await apply(at(ctx, followUp.at), membershipNumber, followUp);
    } catch (error) {
      throw refused(member, followUp.kind, error);
    }
  }

  await seedDemoContributions(ctx);
  await seedDemoClaims(ctx);
  await settleWithoutDelivery(ctx, 'notification.', 'demo data: synthetic people are not notified');
  return { partners, users: demoAccounts, members: total };
}

/** True when there are no memberships and no user accounts: a fresh installation. */
export async function isDatabaseEmpty(ctx: AppContext): Promise<boolean> {
  const user = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return user === undefined && !(await hasMembers(ctx));
}

async function hasMembers(ctx: AppContext): Promise<boolean> {
  const membership = await ctx.db.selectFrom('memberships').select('id').limit(1).executeTakeFirst();
  return membership !== undefined;
}

async function ensurePartners(ctx: AppContext): Promise<number> {
  for (const partner of demoPartners) {
    if (!(await findPartnerByCode(ctx, partner.code))) await createPartner(ctx, partner);
  }
  return demoPartners.length;
}

async function ensureAccounts(ctx: AppContext): Promise<void> {
  // Hashing a password takes a while: the accounts are created side by side.
  await Promise.all(
    demoAccounts.map(async (account) => {
      try {
        await createUser(ctx, { ...account, displayName: `Demo ${account.role.toLowerCase().replace('_', ' ')}` });
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'USERNAME_TAKEN')) throw error;
      }
    }),
  );
}

/** The context as it was at `instant`: the demo's history happens at its own time. */
function at(ctx: AppContext, instant: Date): AppContext {
  return { ...ctx, clock: fixedClock(instant) };
}

async function apply(ctx: AppContext, membershipNumber: string, change: FollowUp): Promise<void> {
  switch (change.kind) {
    case 'extend':
      await extendContract(
        ctx,
        membershipNumber,
        {
          newContractEnd: change.newContractEnd,
          channel: 'CONTRACT_EXTENSION_ABROAD',
          ...(change.partnerCode ? { partnerCode: change.partnerCode } : {}),
        },
        undefined,
      );
      return;
    case 'move':
      await moveDestination(ctx, membershipNumber, { movedOn: change.movedOn, placement: change.placement }, undefined);
      return;
    case 'contact':
      await updateContact(ctx, membershipNumber, { phone: change.phone, address: change.address }, undefined);
      return;
    case 'return':
      await changePhase(ctx, membershipNumber, { phase: 'AFTER_PLACEMENT', effectiveDate: change.effectiveDate }, undefined);
      return;
    case 'close':
      await closeMembership(
        ctx,
        membershipNumber,
        { reason: 'REQUESTED_BY_MEMBER', effectiveDate: change.effectiveDate, note: change.note },
        undefined,
      );
      return;
  }
}

/** A refusal means the demo data breaks a rule (or a rule changed): say which member and why. */
function refused(member: PlannedMember, step: string, error: unknown): Error {
  const reasons =
    error instanceof DomainError
      ? [error.code, ...error.issues.map((i) => `${i.pointer}: ${i.code} ${i.message.en}`)].join('; ')
      : error instanceof Error
        ? error.message
        : String(error);
  return new Error(
    `Demo member #${member.index} (${member.input.segment}, ${member.input.channel.type}) was refused at ${step}: ${reasons}`,
    { cause: error },
  );
}
