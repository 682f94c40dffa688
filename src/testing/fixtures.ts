/**
 * Builders of valid registration bodies, one per segment, for API tests. Every call gives
 * a new person (NIK and passport never repeat within a process), so tests that share one
 * database do not collide. Override what a test is about with a spread.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { requestMemberCode, verifyMemberCode } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { insertBill } from '../contributions/store.ts';
import type { Database } from '../db/database.ts';
import { syntheticNik } from '../identity/nik.ts';
import type { PmiPhase } from '../membership/rules.ts';
import type { RegistrationInput } from '../membership/schemas.ts';
import { registerMember } from '../membership/service.ts';
import { createPartner, type PartnerType } from '../partners/service.ts';

/** 32.04.05: Cileunyi, Kabupaten Bandung — present in the official area list. */
export const knownDistrict = '320405';

let people = 0;

/** A citizen's identity whose NIK matches the declared birth date and sex. */
export function citizen(options: { birthDate?: string; sex?: 'F' | 'M'; area?: string } = {}) {
  const birthDate = options.birthDate ?? '1995-08-05';
  const sex = options.sex ?? 'F';
  people += 1;
  return { nik: syntheticNik(options.area ?? knownDistrict, birthDate, sex, people), birthDate, sex };
}

export function passportNumber(): string {
  people += 1;
  return `C${String(people).padStart(7, '0')}`;
}

type Person = RegistrationInput['person'];

function citizenPerson(overrides: Partial<Person> = {}): Person {
  const identity = citizen({ birthDate: overrides.birthDate, sex: overrides.sex });
  return {
    ...identity,
    fullName: 'Siti Aminah',
    birthPlace: 'Bandung',
    nationality: 'ID',
    phone: '+6281234567890',
    ...overrides,
  };
}

export function placement(overrides: Partial<NonNullable<NonNullable<RegistrationInput['pmi']>['placement']>> = {}) {
  return {
    destinationCountry: 'HK',
    employerName: 'Chan Tai Man',
    occupation: 'Domestic worker',
    placementRoute: 'PLACEMENT_EXECUTOR' as const,
    placementAgency: 'PT Maju Sejahtera',
    contractStart: '2026-02-01',
    contractEnd: '2028-01-31',
    ...overrides,
  };
}

/**
 * A migrant worker in the given phase. During placement the body carries a passport and
 * the placement (both required); before and after, neither.
 */
export function pmiRegistration(phase: PmiPhase = 'DURING_PLACEMENT', person: Partial<Person> = {}): RegistrationInput {
  const abroad = phase === 'DURING_PLACEMENT';
  return {
    segment: 'PMI',
    person: citizenPerson({
      ...(abroad
        ? {
            address: { line: 'Flat 12B, 88 Nathan Road', city: 'Kowloon', country: 'HK' },
            passport: { number: passportNumber(), issuingCountry: 'ID', expiryDate: '2030-01-31' },
          }
        : {}),
      ...person,
    }),
    channel: { type: 'OFFICER' },
    pmi: abroad ? { phase, placement: placement() } : { phase },
  };
}

export function bpuRegistration(person: Partial<Person> = {}): RegistrationInput {
  return {
    segment: 'BPU',
    person: citizenPerson({ fullName: 'Budi Santoso', sex: 'M', ...person }),
    channel: { type: 'OFFICER' },
    bpu: { occupation: 'Ojek driver', declaredMonthlyIncome: 3_500_000 },
  };
}

export function puRegistration(person: Partial<Person> = {}): RegistrationInput {
  return {
    segment: 'PU',
    person: citizenPerson({ fullName: 'Dewi Lestari', ...person }),
    channel: { type: 'OFFICER' },
    pu: { employerName: 'PT Sinar Jaya', monthlyWage: 5_200_000 },
  };
}

export function foreignWorkerRegistration(person: Partial<Person> = {}): RegistrationInput {
  return {
    segment: 'FOREIGN_WORKER',
    person: {
      fullName: 'Kim Min-jun',
      birthDate: '1988-04-12',
      sex: 'M',
      nationality: 'KR',
      passport: { number: passportNumber(), issuingCountry: 'KR', expiryDate: '2031-06-30' },
      ...person,
    },
    channel: { type: 'OFFICER' },
    foreignWorker: { employerName: 'PT Hanjin Indonesia', workPermitNumber: 'RPTKA-2026-0042', monthlyWage: 25_000_000 },
  };
}

/** Adds a partner institution straight through the partners module. */
export function addPartner(ctx: { db: Kysely<Database> }, code: string, type: PartnerType, country = 'HK') {
  return createPartner(ctx, { code, name: `Partner ${code}`, type, country });
}

/** Rows in the tables a registration writes to, to show that a refusal stored nothing. */
export async function countRows(db: Kysely<Database>) {
  const tables = ['persons', 'passports', 'memberships', 'placements', 'member_events', 'outbox'] as const;
  const counts = {} as Record<(typeof tables)[number], number>;
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

export interface ProblemExpectation {
  status: number;
  code: string;
  /** An entry of `errors` that must be present. */
  issue?: { pointer: string; code: string };
}

/** Asserts an RFC 9457 problem document and returns its body. */
export function expectProblem(response: LightMyRequestResponse, expected: ProblemExpectation) {
  assert.equal(response.statusCode, expected.status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const body = response.json();
  assert.equal(body.code, expected.code, response.body);
  assert.equal(body.status, expected.status);
  if (expected.issue) {
    const issues = (body.errors ?? []) as Array<{ pointer: string; code: string; message: string }>;
    assert.ok(
      issues.some((i) => i.pointer === expected.issue?.pointer && i.code === expected.issue?.code),
      `expected an issue ${JSON.stringify(expected.issue)} in ${response.body}`,
    );
  }
  return body;
}

/**
 * A registered migrant worker with an open placement bill written directly (not priced by
 * the tariffs): Rp `amount` for JKK + JKM, protecting 1 Feb 2026 – 29 Feb 2028 once paid.
 */
export async function memberWithOpenBill(
  ctx: AppContext,
  amount = 332_500,
): Promise<{ membershipNumber: string; membershipId: string; billNumber: string; billId: string }> {
  const { membershipNumber } = await registerMember(ctx, pmiRegistration('DURING_PLACEMENT'), undefined);
  const member = await ctx.db
    .selectFrom('memberships')
    .select('id')
    .where('membership_number', '=', membershipNumber)
    .executeTakeFirstOrThrow();
  const bill = await insertBill(ctx.db, {
    membershipId: member.id,
    cohortId: null,
    kind: 'PMI_PLACEMENT',
    payerType: 'WORKER',
    payerName: null,
    regulationId: 'PERMENAKER-4-2023',
    lines: [
      {
        code: 'PMI_PLACEMENT_FEE',
        program: 'JKK_JKM',
        amount,
        description: { en: 'Placement fee', id: 'Iuran masa penempatan' },
        basis: { en: '24 months', id: '24 bulan' },
        status: 'CONFIRMED',
        source: 'Permenaker 4/2023 Art. 18',
      },
    ],
    coverage: [
      { program: 'JKK', from: '2026-02-01', to: '2028-02-29' },
      { program: 'JKM', from: '2026-02-01', to: '2028-02-29' },
    ],
    periodFrom: '2026-02-01',
    periodTo: '2028-02-29',
    dueDate: '2026-02-01',
    issuedAt: new Date('2026-01-10T03:00:00Z'),
    billingKey: `test:${membershipNumber}`,
  });
  return { membershipNumber, membershipId: member.id, billNumber: bill.billNumber, billId: bill.id };
}

/** The bank virtual-account channel `BNI-VA` that payment tests pay through. */
export async function addVirtualAccountChannel(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('payment_channels')
    .values({ code: 'BNI-VA', name: 'BNI VA', kind: 'VIRTUAL_ACCOUNT', partner_id: null, currency: 'IDR', webhook_secret: 'test-secret' })
    .execute();
}

/**
 * The newest sign-in code sent to a member (by membership number) or to a phone (a
 * self-registration), read from the notification outbox: what the SMS would carry.
 */
export async function sentSignInCode(ctx: AppContext, to: { membershipNumber: string } | { phone: string }): Promise<string> {
  const rows = await ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'notification.sign-in-code')
    .orderBy('id', 'desc')
    .execute();
  const [key, value] = 'phone' in to ? (['phone', to.phone] as const) : (['membershipNumber', to.membershipNumber] as const);
  const sent = rows.map((r) => r.payload as { membershipNumber?: string; phone?: string; code: string }).find((p) => p[key] === value);
  assert.ok(sent, `no sign-in code was sent to ${value}`);
  return sent.code;
}

/** A member's bearer token, signed in with the one-time code the outbox holds for them. */
export async function signedInMember(ctx: AppContext, nik: string, membershipNumber: string): Promise<{ authorization: string }> {
  await requestMemberCode(ctx, { nik });
  const session = await verifyMemberCode(ctx, { nik }, await sentSignInCode(ctx, { membershipNumber }));
  return { authorization: `Bearer ${session.token}` };
}
