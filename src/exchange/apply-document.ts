import type { Static } from '@sinclair/typebox';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { AppContext } from '../context.ts';
import { coverageOn, issueBill } from '../contributions/service.ts';
import type { Database } from '../db/database.ts';
import { type PartnerRecordInput, stagePartnerRecords } from '../harmonization/service.ts';
import { DomainError } from '../kernel/errors.ts';
import {
  billingFactsOf,
  changePhase,
  extendContract,
  findMembershipForSignIn,
  findMembershipsByIdentity,
  hasEventFrom,
  type RegistrationInput,
  registerMember,
} from '../membership/service.ts';
import type { ContractExtension, Crossing, PartnerRegistration, SelfReport } from './catalogue.ts';
import { grouped } from './grouped.ts';
import { setWise, type Together } from './log.ts';

export interface SenderFacts {
  id: string;
  code: string;
  type: string;
}

/** What a document did, for the receipt and the reports. */
export interface Applied {
  effect: 'MATCHED' | 'REGISTERED' | 'LEAD_CREATED' | 'EXTENDED' | 'REGISTERED_AND_EXTENDED' | 'DEPARTURE_RECORDED' | 'ARRIVAL_RECORDED';
  membershipNumber: string | null;
  membershipId: string | null;
  detail: Record<string, unknown>;
  /** A self-report answered with the member's status (outbound MEMBERSHIP_STATUS). */
  answerWithStatus: boolean;
  /** Writes that commit together with the message's acceptance and its log entries. */
  write?: (trx: Transaction<Database>) => Promise<void>;
  /** A row that commits with the acceptance too, written in one statement with its batch's others. */
  together?: Together;
}

type Identity = { nik?: string | undefined; passport?: { number: string; issuingCountry: string } | undefined };

/**
 * The member a document is about: by passport first (what crossings carry), then by NIK.
 * Outside a transaction the lookup is shared with the other messages in flight: one
 * statement for all of them.
 */
export async function matchMember(ctx: AppContext, identity: Identity): Promise<{ id: string; membershipNumber: string } | undefined> {
  if (!identity.passport && !identity.nik) return undefined;
  if (ctx.db.isTransaction) return (await findMembershipsByIdentity(ctx.db, [identity]))[0];
  return matchMemberGrouped(ctx.db, identity);
}

const matchMemberGrouped = grouped(findMembershipsByIdentity);

/**
 * Applies a document. With `deferWrites`, writes to the gateway's own tables are handed
 * back (`write`) for the caller to commit with the message's acceptance.
 */
export function applyDocument(
  ctx: AppContext,
  sender: SenderFacts,
  type: string,
  document: unknown,
  messageId: string,
  deferWrites = false,
): Promise<Applied> {
  switch (type) {
    case 'SELF_REPORT':
      return applySelfReport(ctx, sender, document as Static<typeof SelfReport>, messageId, deferWrites);
    case 'CONTRACT_EXTENSION':
      return applyContractExtension(ctx, sender, document as Static<typeof ContractExtension>, messageId);
    case 'DEPARTURE':
    case 'ARRIVAL':
      return applyCrossing(ctx, sender, type, document as Static<typeof Crossing>, messageId, deferWrites);
    case 'PARTNER_REGISTRATION':
      return applyPartnerRegistration(ctx, sender, document as Static<typeof PartnerRegistration>, messageId);
    default:
      throw new Error(`no handler for document type ${type}`);
  }
}

async function applySelfReport(
  ctx: AppContext,
  sender: SenderFacts,
  doc: Static<typeof SelfReport>,
  messageId: string,
  deferWrites: boolean,
): Promise<Applied> {
  requireIdentity(doc.person.nik, doc.passport);
  const now = ctx.clock.now();
  const member = await matchMember(ctx, { nik: doc.person.nik, passport: doc.passport });
  const registers = Boolean(doc.consentToRegister && doc.passport?.expiryDate && doc.contract);
  const source = `exchange:${sender.code}:${messageId}`;
  if (member && registers && (await registeredFrom(ctx, member.membershipNumber, source))) {
    // The retry of this very report, whose registration landed before a crash cut its
    // acceptance short: answered as the first time.
    return {
      effect: 'REGISTERED',
      membershipNumber: member.membershipNumber,
      membershipId: member.id,
      detail: { warnings: [] },
      answerWithStatus: true,
    };
  }
  if (member) {
    const report: PresenceReport = {
      partnerId: sender.id,
      messageId,
      membershipId: member.id,
      country: doc.country,
      employerName: doc.employer?.name ?? null,
      contractStart: doc.contract?.start ?? null,
      contractEnd: doc.contract?.end ?? null,
      reportedAt: now,
    };
    if (!deferWrites) await recordPresence(ctx.db, [report]);
    return {
      effect: 'MATCHED',
      membershipNumber: member.membershipNumber,
      membershipId: member.id,
      detail: {},
      answerWithStatus: true,
      ...(deferWrites ? { together: setWise(recordPresence, report) } : {}),
    };
  }
  const passport = doc.passport;
  const contract = doc.contract;
  if (registers && passport?.expiryDate && contract) {
    const registration: RegistrationInput = {
      segment: 'PMI',
      person: personOf(doc.person, { ...passport, expiryDate: passport.expiryDate }, doc.address),
      channel: { type: 'FOREIGN_MINISTRY_SELF_REPORT', partnerCode: sender.code },
      pmi: {
        phase: 'DURING_PLACEMENT',
        placement: {
          destinationCountry: doc.country,
          ...(doc.employer ? { employerName: doc.employer.name } : {}),
          ...(doc.employer?.address ? { employerAddress: doc.employer.address } : {}),
          placementRoute: contract.placementRoute ?? 'INDIVIDUAL',
          contractStart: contract.start,
          contractEnd: contract.end,
        },
      },
    };
    const registered = await registerMember(ctx, registration, undefined, { source });
    const found = await findMembershipForSignIn(ctx, { passport: { number: passport.number, issuingCountry: passport.issuingCountry } });
    return {
      effect: 'REGISTERED',
      membershipNumber: registered.membershipNumber,
      membershipId: found?.id ?? null,
      detail: { warnings: registered.warnings.map((w) => w.code) },
      answerWithStatus: true,
    };
  }
  const reason = doc.consentToRegister ? 'INCOMPLETE_FOR_REGISTRATION' : 'NO_CONSENT';
  // The lead's number is drawn first, so that the lead and its staging for harmonization
  // (no exact NIK or passport match: harmonization may still find the person) are written
  // together: with the message's acceptance when deferred, else in one transaction here.
  const { rows } = await sql<{ id: string }>`select nextval(pg_get_serial_sequence('exchange_leads', 'id'))::text as id`.execute(ctx.db);
  const leadId = (rows[0] as { id: string }).id;
  const stage = forHarmonization(sender, 'SELF_REPORT', messageId, {
    nik: doc.person.nik,
    fullName: doc.person.fullName,
    birthDate: doc.person.birthDate,
    sex: doc.person.sex,
    passportNumber: doc.passport?.number,
    phone: doc.person.phone,
    destinationCountry: doc.country,
  });
  const write = async (db: Kysely<Database>) => {
    await db
      .insertInto('exchange_leads')
      .values({
        id: Number(leadId),
        partner_id: sender.id,
        message_id: messageId,
        country: doc.country,
        contact: JSON.stringify({
          fullName: doc.person.fullName,
          phone: doc.person.phone ?? null,
          email: doc.person.email ?? null,
          address: doc.address ?? null,
        }),
        created_at: now,
      })
      .execute();
    await stage(db);
  };
  if (!deferWrites) {
    if (ctx.db.isTransaction) await write(ctx.db);
    else await ctx.db.transaction().execute(write);
  }
  return {
    effect: 'LEAD_CREATED',
    membershipNumber: null,
    membershipId: null,
    detail: { leadId: Number(leadId), reason },
    answerWithStatus: false,
    ...(deferWrites ? { write } : {}),
  };
}

interface PresenceReport {
  partnerId: string;
  messageId: string;
  membershipId: string;
  country: string;
  employerName: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  reportedAt: Date;
}

/** Presence reports in one statement of fixed text (the matched self-reports of a batch of messages). */
async function recordPresence(db: Kysely<Database>, reports: PresenceReport[]): Promise<void> {
  const column = <K extends keyof PresenceReport>(key: K) => reports.map((report) => report[key]);
  await sql`
    insert into exchange_presence_reports (partner_id, message_id, membership_id, country, employer_name, contract_start, contract_end, reported_at)
    select r.partner_id, r.message_id, r.membership_id, r.country, r.employer_name, r.contract_start, r.contract_end, r.reported_at
    from unnest(${column('partnerId')}::uuid[], ${column('messageId')}::text[], ${column('membershipId')}::uuid[],
      ${column('country')}::bpchar[], ${column('employerName')}::text[], ${column('contractStart')}::date[],
      ${column('contractEnd')}::date[], ${reports.map((r) => r.reportedAt.toISOString())}::timestamptz[])
      as r (partner_id, message_id, membership_id, country, employer_name, contract_start, contract_end, reported_at)`.execute(db);
}

async function applyContractExtension(
  ctx: AppContext,
  sender: SenderFacts,
  doc: Static<typeof ContractExtension>,
  messageId: string,
): Promise<Applied> {
  // A retry of this message after a crash finds its registration and extension done: it
  // does neither again and answers as the first time.
  const source = `exchange:${sender.code}:${messageId}`;
  let member = await matchMember(ctx, { nik: doc.person.nik, passport: doc.passport });
  let effect: Applied['effect'] = 'EXTENDED';
  if (member && (await registeredFrom(ctx, member.membershipNumber, source))) effect = 'REGISTERED_AND_EXTENDED';
  if (!member) {
    if (!doc.passport.expiryDate) throw missingExpiry();
    const registered = await registerMember(
      ctx,
      {
        segment: 'PMI',
        person: personOf(doc.person, { ...doc.passport, expiryDate: doc.passport.expiryDate }),
        channel: { type: 'CONTRACT_EXTENSION_ABROAD', partnerCode: sender.code },
        pmi: {
          phase: 'DURING_PLACEMENT',
          placement: {
            destinationCountry: doc.country,
            ...(doc.employer ? { employerName: doc.employer.name } : {}),
            placementRoute: doc.contract.placementRoute ?? 'INDIVIDUAL',
            contractStart: doc.contract.start,
            contractEnd: doc.contract.previousEnd,
          },
        },
      },
      undefined,
      { source },
    );
    member = await matchMember(ctx, { passport: doc.passport });
    if (!member) throw new Error(`registered ${registered.membershipNumber} but cannot find it again`);
    effect = 'REGISTERED_AND_EXTENDED';
  }
  const extendedBefore = await hasEventFrom(ctx, member.membershipNumber, 'contract.extended', source);
  if (!extendedBefore) {
    await extendContract(
      ctx,
      member.membershipNumber,
      { newContractEnd: doc.contract.newEnd, channel: 'CONTRACT_EXTENSION_ABROAD', partnerCode: sender.code },
      undefined,
      { source },
    );
  }
  // The extension stands even if billing cannot run now (e.g. no regulation for the day):
  // the receipt says so and an officer bills it later.
  let bill: { billNumber: string; amount: number; dueDate: string } | null = null;
  let billingProblem: string | null = null;
  try {
    const issued = await issueBill(ctx, member.membershipNumber, { item: 'PMI_EXTENSION' }, undefined);
    bill = { billNumber: issued.billNumber, amount: issued.amount, dueDate: issued.dueDate };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    billingProblem = error.code;
    // The retry's extension was billed the first time: that bill is the answer.
    const existing = error.extensions.existingBill as typeof bill | undefined;
    if (extendedBefore && error.code === 'ALREADY_BILLED' && existing) {
      bill = existing;
      billingProblem = null;
    }
  }
  return {
    effect,
    membershipNumber: member.membershipNumber,
    membershipId: member.id,
    detail: { newContractEnd: doc.contract.newEnd, bill, billingProblem },
    answerWithStatus: false,
  };
}

async function applyCrossing(
  ctx: AppContext,
  sender: SenderFacts,
  direction: 'DEPARTURE' | 'ARRIVAL',
  doc: Static<typeof Crossing>,
  messageId: string,
  deferWrites: boolean,
): Promise<Applied> {
  const member = await matchMember(ctx, { nik: doc.nik, passport: doc.passport });
  let phaseChanged: string | null = null;
  let isProtected = false;
  let protectedReason: string | null = null;
  if (member) {
    const facts = await billingFactsOf(ctx, member.membershipNumber, undefined);
    if (facts.segment === 'PMI') {
      const target = direction === 'DEPARTURE' ? 'DURING_PLACEMENT' : 'AFTER_PLACEMENT';
      const canMove =
        direction === 'DEPARTURE'
          ? facts.pmiPhase !== 'DURING_PLACEMENT' && facts.openPlacement !== null
          : facts.pmiPhase === 'DURING_PLACEMENT';
      if (canMove) {
        try {
          await changePhase(ctx, member.membershipNumber, { phase: target, effectiveDate: doc.crossedOn }, undefined);
          phaseChanged = target;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          protectedReason = error.code;
        }
      }
    }
    const coverage = await coverageOn(ctx, member.membershipNumber, { program: 'JKK', date: doc.crossedOn }, undefined);
    isProtected = coverage.covered;
    if (!isProtected) protectedReason = coverage.reason.code;
  } else {
    protectedReason = 'NOT_A_MEMBER';
  }
  const crossingRecord = async (db: Kysely<Database>) => {
    await db
      .insertInto('exchange_crossings')
      .values({
        partner_id: sender.id,
        message_id: messageId,
        direction,
        membership_id: member?.id ?? null,
        passport_country: doc.passport.issuingCountry,
        passport_number: doc.passport.number,
        crossed_on: doc.crossedOn,
        country: doc.country,
        border_post: doc.borderPost ?? null,
        protected: isProtected,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    // A crossing with no exact match: harmonization may still find the person.
    if (!member) {
      await forHarmonization(sender, direction, messageId, {
        nik: doc.nik,
        passportNumber: doc.passport.number,
        destinationCountry: doc.country,
      })(db);
    }
  };
  // Deferred, the crossing is recorded with the message's acceptance: a retry after a crash
  // in between records it once (a phase already changed is not changed again).
  if (!deferWrites) {
    if (member || ctx.db.isTransaction) await crossingRecord(ctx.db);
    else await ctx.db.transaction().execute(crossingRecord);
  }
  const flagged = direction === 'DEPARTURE' && !isProtected;
  return {
    effect: direction === 'DEPARTURE' ? 'DEPARTURE_RECORDED' : 'ARRIVAL_RECORDED',
    membershipNumber: member?.membershipNumber ?? null,
    membershipId: member?.id ?? null,
    detail: { phaseChanged, protected: isProtected, ...(flagged ? { flag: 'DEPARTED_WITHOUT_PROTECTION', reason: protectedReason } : {}) },
    answerWithStatus: false,
    ...(deferWrites ? { write: crossingRecord } : {}),
  };
}

async function applyPartnerRegistration(
  ctx: AppContext,
  sender: SenderFacts,
  doc: Static<typeof PartnerRegistration>,
  messageId: string,
): Promise<Applied> {
  if (!doc.passport.expiryDate) throw missingExpiry();
  const channel = sender.type === 'LOCAL_PARTNER' ? 'LOCAL_PARTNER' : 'EMBASSY_DESK';
  const source = `exchange:${sender.code}:${messageId}`;
  let registered: { membershipNumber: string; warnings: { code: string }[] };
  try {
    registered = await registerMember(
      ctx,
      {
        segment: 'PMI',
        person: personOf(doc.person, { ...doc.passport, expiryDate: doc.passport.expiryDate }, doc.address),
        channel: { type: channel, partnerCode: sender.code },
        pmi: { phase: 'DURING_PLACEMENT', placement: doc.placement },
      },
      undefined,
      { source },
    );
  } catch (error) {
    // The partner's retry of a message whose registration landed before a crash cut its
    // acceptance short: the same answer as the first time, not a duplicate.
    const number = error instanceof DomainError && error.code === 'DUPLICATE_REGISTRATION' ? error.extensions.membershipNumber : undefined;
    if (typeof number !== 'string' || !(await registeredFrom(ctx, number, source))) throw error;
    registered = { membershipNumber: number, warnings: [] };
  }
  const member = await matchMember(ctx, { passport: doc.passport });
  return {
    effect: 'REGISTERED',
    membershipNumber: registered.membershipNumber,
    membershipId: member?.id ?? null,
    detail: { channel, warnings: registered.warnings.map((w) => w.code) },
    answerWithStatus: false,
  };
}

/** Whether a membership was registered from `source` (see registerMember's options). */
function registeredFrom(ctx: AppContext, membershipNumber: string, source: string): Promise<boolean> {
  return hasEventFrom(ctx, membershipNumber, 'member.registered', source);
}

type DocumentPerson = Static<typeof SelfReport>['person'];
type DocumentAddress = Static<typeof SelfReport>['address'];

/** The person a registration from a document records: an Indonesian worker with the passport they travel on. */
function personOf(
  person: DocumentPerson,
  passport: { number: string; issuingCountry: string; expiryDate: string },
  address?: DocumentAddress,
): RegistrationInput['person'] {
  return {
    ...(person.nik ? { nik: person.nik } : {}),
    fullName: person.fullName,
    birthDate: person.birthDate,
    sex: person.sex,
    nationality: 'ID',
    ...(person.phone ? { phone: person.phone } : {}),
    ...(person.email ? { email: person.email } : {}),
    ...(address ? { address } : {}),
    passport,
  };
}

/** Stages a document that matched no member exactly as a partner record for harmonization. */
function forHarmonization(
  sender: SenderFacts,
  sourceType: PartnerRecordInput['sourceType'],
  messageId: string,
  person: Omit<PartnerRecordInput, 'sourceType' | 'sourceReference' | 'partnerId'>,
): (db: Kysely<Database>) => Promise<void> {
  return async (db) => {
    await stagePartnerRecords({ db }, [{ sourceType, partnerId: sender.id, sourceReference: messageId, ...person }]);
  };
}

function requireIdentity(nik: string | undefined, passport: { number: string } | undefined): void {
  if (!nik && !passport) {
    throw new DomainError(
      'invalid',
      'IDENTITY_REQUIRED',
      { en: 'The document must carry a NIK or a passport.', id: 'Dokumen harus memuat NIK atau paspor.' },
      {
        issues: [
          {
            pointer: '/document/person/nik',
            code: 'IDENTITY_REQUIRED',
            message: { en: 'Give a NIK or a passport.', id: 'Isi NIK atau paspor.' },
          },
        ],
      },
    );
  }
}

function missingExpiry(): DomainError {
  return new DomainError(
    'invalid',
    'VALIDATION_FAILED',
    { en: 'The request has invalid fields.', id: 'Permintaan memiliki isian yang tidak valid.' },
    {
      issues: [
        {
          pointer: '/document/passport/expiryDate',
          code: 'FIELD_REQUIRED',
          message: { en: 'Registering needs the passport’s expiry date.', id: 'Pendaftaran memerlukan tanggal habis berlaku paspor.' },
        },
      ],
    },
  );
}
