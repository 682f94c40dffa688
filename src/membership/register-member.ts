import type { Principal } from '../auth/rules.ts';
import { actorOf } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { checkFullName, normalizeName } from '../identity/names.ts';
import { checkNik } from '../identity/nik.ts';
import { checkPhone } from '../identity/phone.ts';
import { earlierDate } from '../kernel/clock.ts';
import { isCountryCode } from '../kernel/countries.ts';
import { DomainError, type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { enqueueStatement } from '../outbox/service.ts';
import { resolveChannelPartner } from './channel.ts';
import { checkBirthDate, checkContractDates, checkDestinationCountry, checkPlacementAgainstPhase, type Segment } from './rules.ts';
import type { PlacementInput, RegistrationInput } from './schemas.ts';
import * as store from './store.ts';

export interface RegistrationResult {
  membershipNumber: string;
  status: 'REGISTERED';
  warnings: FieldIssue[];
}

const segmentDetail: Record<Segment, 'pmi' | 'bpu' | 'pu' | 'foreignWorker'> = {
  PMI: 'pmi',
  BPU: 'bpu',
  PU: 'pu',
  FOREIGN_WORKER: 'foreignWorker',
};

/**
 * Registers a worker: a person, their one membership for life and, for a PMI, the
 * placement. Rejects everything at once with every issue listed, or stores it all.
 * `principal` undefined means the system itself (demo data, partner gateway).
 */
export async function registerMember(
  ctx: AppContext,
  input: RegistrationInput,
  principal: Principal | undefined,
  options: {
    /** What the registration came from (a partner's message), kept in its event: a retry of it can be told from another registration. */
    source?: string;
  } = {},
): Promise<RegistrationResult> {
  const { issues, warnings } = checkRegistration(ctx, input);
  const partner = await resolveChannelPartner(ctx, input.channel, principal, issues);
  if (issues.length > 0) throw invalidInput(issues);
  const destination = input.pmi?.placement?.destinationCountry;
  if (partner && partner.country !== 'ID' && destination && partner.country !== destination) {
    warnings.push(
      issue(
        '/channel/partnerCode',
        'PARTNER_IN_ANOTHER_COUNTRY',
        `${partner.code} works in ${partner.country}, but the placement is in ${destination}.`,
        `${partner.code} bertugas di ${partner.country}, tetapi penempatan di ${destination}.`,
      ),
    );
  }

  const actor = actorOf(principal);
  const now = ctx.clock.now();
  try {
    const person = input.person;
    const placement = input.pmi?.placement;
    // A worker registered after coming home has a placement that is already over.
    const returnedOn = input.pmi?.phase === 'AFTER_PLACEMENT' && placement ? earlierDate(placement.contractEnd, ctx.clock.today()) : null;
    const membershipNumber = await store.insertRegistration(ctx.db, {
      person: {
        nik: person.nik ?? null,
        fullName: person.fullName.trim(),
        nameNormalized: normalizeName(person.fullName),
        birthDate: person.birthDate,
        sex: person.sex,
        birthPlace: person.birthPlace ?? null,
        nationality: nationalityOf(input),
        phone: person.phone ?? null,
        email: person.email ?? null,
        address: person.address ?? null,
        bankAccount: person.bankAccount ?? null,
      },
      passport: person.passport ?? null,
      membership: {
        segment: input.segment,
        status: 'REGISTERED',
        pmi_phase: input.pmi?.phase ?? null,
        registration_channel: input.channel.type,
        channel_partner_id: partner?.id ?? null,
        registered_by: actor,
        occupation: input.bpu?.occupation ?? null,
        declared_monthly_income: input.bpu?.declaredMonthlyIncome ?? null,
        employer_name: input.pu?.employerName ?? input.foreignWorker?.employerName ?? null,
        monthly_wage: input.pu?.monthlyWage ?? input.foreignWorker?.monthlyWage ?? null,
        work_permit_number: input.foreignWorker?.workPermitNumber ?? null,
        registered_at: now,
        status_changed_at: now,
      },
      placement: placement ? { ...placement, endedOn: returnedOn, endReason: returnedOn ? 'RETURNED' : null } : null,
      event: {
        type: 'member.registered',
        data: {
          segment: input.segment,
          channel: input.channel.type,
          partnerCode: partner?.code ?? null,
          phase: input.pmi?.phase ?? null,
          ...(options.source ? { source: options.source } : {}),
        },
      },
      notification: (number) =>
        enqueueStatement('notification.member', {
          template: 'REGISTERED',
          membershipNumber: number,
          phone: person.phone ?? null,
          email: person.email ?? null,
        }),
    });
    return { membershipNumber, status: 'REGISTERED', warnings };
  } catch (error) {
    // Two registrations of the same person raced: the unique constraints let one through.
    if (isUniqueViolation(error)) {
      const winner = await store.findNumberByIdentity(ctx.db, identityOf(input));
      if (winner) throw duplicateRegistration(winner);
    }
    throw error;
  }
}

function duplicateRegistration(membershipNumber: string): DomainError {
  return new DomainError(
    'conflict',
    'DUPLICATE_REGISTRATION',
    {
      en: `This person is already registered, with membership number ${membershipNumber}.`,
      id: `Orang ini sudah terdaftar, dengan nomor kepesertaan ${membershipNumber}.`,
    },
    { extensions: { membershipNumber } },
  );
}

function identityOf(input: RegistrationInput) {
  return { nik: input.person.nik, passport: input.person.passport };
}

function nationalityOf(input: RegistrationInput): string {
  return input.person.nationality ?? (input.segment === 'FOREIGN_WORKER' ? '' : 'ID');
}

/** All the rules a registration must meet, with every broken one listed. */
function checkRegistration(ctx: AppContext, input: RegistrationInput): { issues: FieldIssue[]; warnings: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const today = ctx.clock.today();
  const person = input.person;

  const detail = segmentDetail[input.segment];
  if (input[detail] === undefined) {
    issues.push(
      issue(
        `/${detail}`,
        'SEGMENT_DETAILS_REQUIRED',
        `A ${input.segment} registration needs the ${detail} details.`,
        `Pendaftaran ${input.segment} memerlukan rincian ${detail}.`,
      ),
    );
  }
  for (const other of Object.values(segmentDetail)) {
    if (other !== detail && input[other] !== undefined) {
      issues.push(
        issue(
          `/${other}`,
          'SEGMENT_DETAILS_MISMATCH',
          `${other} details do not belong to a ${input.segment} registration.`,
          `Rincian ${other} tidak sesuai untuk pendaftaran ${input.segment}.`,
        ),
      );
    }
  }

  issues.push(...checkFullName(person.fullName, '/person/fullName'));
  issues.push(...checkBirthDate(person.birthDate, today, '/person/birthDate'));
  if (person.phone !== undefined) issues.push(...checkPhone(person.phone, '/person/phone'));
  for (const [pointer, code] of [
    ['/person/nationality', person.nationality],
    ['/person/passport/issuingCountry', person.passport?.issuingCountry],
    ['/person/address/country', person.address?.country],
  ] as const) {
    if (code !== undefined && !isCountryCode(code)) issues.push(unknownCountry(pointer, code));
  }

  if (input.segment === 'FOREIGN_WORKER') {
    if (!person.passport)
      issues.push(
        required('/person/passport', 'A foreign worker is identified by passport.', 'Pekerja asing diidentifikasi dengan paspor.'),
      );
    if (!person.nationality)
      issues.push(required('/person/nationality', 'A foreign worker needs a nationality.', 'Pekerja asing memerlukan kewarganegaraan.'));
    else if (person.nationality === 'ID') {
      issues.push(
        issue(
          '/person/nationality',
          'FOREIGN_WORKER_IS_CITIZEN',
          'An Indonesian citizen registers as PMI, BPU or PU, not as a foreign worker.',
          'Warga negara Indonesia didaftarkan sebagai PMI, BPU atau PU, bukan pekerja asing.',
        ),
      );
    }
    if (person.nik !== undefined)
      issues.push(issue('/person/nik', 'NIK_NOT_FOR_FOREIGNER', 'A foreign worker has no NIK.', 'Pekerja asing tidak memiliki NIK.'));
  } else {
    if (person.nationality !== undefined && person.nationality !== 'ID') {
      issues.push(
        issue(
          '/person/nationality',
          'CITIZEN_SEGMENT',
          `Segment ${input.segment} is for Indonesian citizens (ID).`,
          `Segmen ${input.segment} untuk warga negara Indonesia (ID).`,
        ),
      );
    }
    if (person.nik === undefined) {
      issues.push(
        required('/person/nik', 'An Indonesian citizen is registered with a NIK.', 'Warga negara Indonesia didaftarkan dengan NIK.'),
      );
    } else {
      const nik = checkNik(person.nik, { birthDate: person.birthDate, sex: person.sex }, ctx.areaCodes);
      issues.push(...nik.issues);
      warnings.push(...nik.warnings);
    }
  }

  if (person.passport && person.passport.expiryDate < today) {
    warnings.push(
      issue(
        '/person/passport/expiryDate',
        'PASSPORT_EXPIRED',
        `The passport expired on ${person.passport.expiryDate}.`,
        `Paspor sudah kedaluwarsa pada ${person.passport.expiryDate}.`,
      ),
    );
  }

  if (input.pmi) {
    const { phase, placement } = input.pmi;
    if (phase === 'DURING_PLACEMENT') {
      if (!placement)
        issues.push(
          required(
            '/pmi/placement',
            'A PMI working abroad needs the placement (destination and contract).',
            'PMI yang bekerja di luar negeri memerlukan data penempatan (negara tujuan dan kontrak).',
          ),
        );
      if (!person.passport)
        issues.push(
          required('/person/passport', 'A PMI working abroad needs a passport.', 'PMI yang bekerja di luar negeri memerlukan paspor.'),
        );
    }
    if (placement) {
      issues.push(...checkPlacement(placement, '/pmi/placement'));
      warnings.push(...checkPlacementAgainstPhase(phase, placement, today, '/pmi/placement'));
    }
  }
  return { issues, warnings };
}

export function checkPlacement(placement: PlacementInput, pointer: string): FieldIssue[] {
  const issues = checkContractDates(placement, pointer);
  if (!isCountryCode(placement.destinationCountry))
    issues.push(unknownCountry(`${pointer}/destinationCountry`, placement.destinationCountry));
  else issues.push(...checkDestinationCountry(placement.destinationCountry, `${pointer}/destinationCountry`));
  return issues;
}

function required(pointer: string, en: string, id: string): FieldIssue {
  return issue(pointer, 'FIELD_REQUIRED', en, id);
}

export function unknownCountry(pointer: string, code: string): FieldIssue {
  return issue(pointer, 'UNKNOWN_COUNTRY', `${code} is not an ISO 3166-1 country code.`, `${code} bukan kode negara ISO 3166-1.`);
}
