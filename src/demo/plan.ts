/**
 * The demo population as a plan: who registers, through which channel, when, and what
 * happens to them afterwards. Pure: the same seed, reference date and areas give the same
 * plan, and names and identity numbers do not depend on the reference date at all.
 */

import { deriveSeed, Random } from '../kernel/random.ts';
import type { RegistrationInput } from '../membership/service.ts';
import type { DemoArea, DemoAreas } from './areas.ts';
import { addDays, addMonths, daysBetween, instantOn } from './dates.ts';
import { type Destination, type DestinationCode, destinationByCode, destinations, placementCompanies, type Town } from './destinations.ts';
import type { Ethnicity, ForeignNationality, Sex } from './names.ts';
import {
  type Address,
  areasOf,
  bankAccount,
  demoEmail,
  foreignPerson,
  foreignPhone,
  homeAddress,
  IdentityRegistry,
  indonesianPerson,
  indonesianPhone,
  type PersonInput,
  passport,
} from './people.ts';

type Segment = RegistrationInput['segment'];
type Phase = NonNullable<RegistrationInput['pmi']>['phase'];
type Channel = RegistrationInput['channel']['type'];
export type PlacementInput = NonNullable<NonNullable<RegistrationInput['pmi']>['placement']>;

export type FollowUp =
  | { kind: 'extend'; at: Date; newContractEnd: string; partnerCode?: string }
  | { kind: 'move'; at: Date; movedOn: string; placement: PlacementInput }
  | { kind: 'contact'; at: Date; phone: string; address: Address }
  | { kind: 'return'; at: Date; effectiveDate: string }
  | { kind: 'close'; at: Date; effectiveDate: string; note: string };

export interface PlannedMember {
  /** Position in the plan; the scenario members come first. */
  index: number;
  /** Set for the members of the named scenarios. */
  scenario?: DemoScenarioKey;
  input: RegistrationInput;
  registeredAt: Date;
  /** In time order, each after the registration. */
  followUps: FollowUp[];
}

export type DemoScenarioKey = 'moved-malaysia-to-taiwan' | 'contract-extended' | 'returned-from-korea' | 'membership-closed';

export interface DemoScenario {
  key: DemoScenarioKey;
  description: string;
  fullName: string;
  /** Indonesian passport (issuing country ID) to find the member by. */
  passportNumber: string;
}

/** Members the web app and tests can show by name; they are the first members of every run. */
export const demoScenarios: readonly DemoScenario[] = [
  {
    key: 'moved-malaysia-to-taiwan',
    description: 'A PMI registered through the local partner in Sabah who later moved to Taiwan; the membership followed her.',
    fullName: 'Sri Wahyuningsih',
    passportNumber: 'C5120834',
  },
  {
    key: 'contract-extended',
    description: 'A domestic worker in Hong Kong who extended her contract at the consulate without going home.',
    fullName: 'Tri Handayani',
    passportNumber: 'X3047716',
  },
  {
    key: 'returned-from-korea',
    description: 'A factory worker who came home from South Korea when his contract ended (a case for the NPS lump-sum refund).',
    fullName: 'Sutrisno',
    passportNumber: 'C2290461',
  },
  {
    key: 'membership-closed',
    description: 'An informal worker (farmer) whose membership was closed at his request.',
    fullName: 'Dadang Suryana',
    passportNumber: 'C7815502',
  },
];

export interface PlanOptions {
  count: number;
  seed: number;
  /** The reference date (ctx.clock.today()). */
  today: string;
  /** The reference instant (ctx.clock.now()): nothing is planned after it. */
  now: Date;
  areas: DemoAreas;
}

interface Profile {
  segment: Segment;
  phase?: Phase;
  channel?: Channel;
  destination?: DestinationCode;
  /** A PMI after placement who was registered abroad and came home later. */
  returned?: boolean;
}

// One of each segment, phase and channel, so that even a small run shows them all.
const coverageProfiles: readonly Profile[] = [
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'EMBASSY_DESK', destination: 'HK' },
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'LOCAL_PARTNER', destination: 'MY' },
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'FOREIGN_MINISTRY_SELF_REPORT', destination: 'SA' },
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'CONTRACT_EXTENSION_ABROAD', destination: 'TW' },
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'SELF_SERVICE_APP', destination: 'KR' },
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'SELF_SERVICE_WEB', destination: 'SG' },
  { segment: 'PMI', phase: 'DURING_PLACEMENT', channel: 'EMBASSY_DESK', destination: 'BN' },
  { segment: 'PMI', phase: 'BEFORE_PLACEMENT', channel: 'OFFICER', destination: 'TW' },
  { segment: 'PMI', phase: 'BEFORE_PLACEMENT', channel: 'SELF_SERVICE_APP', destination: 'HK' },
  { segment: 'PMI', phase: 'BEFORE_PLACEMENT', channel: 'SELF_SERVICE_WEB', destination: 'JP' },
  { segment: 'PMI', phase: 'AFTER_PLACEMENT', channel: 'OFFICER', destination: 'MY' },
  { segment: 'PMI', phase: 'AFTER_PLACEMENT', returned: true, channel: 'EMBASSY_DESK', destination: 'SA' },
  { segment: 'BPU', channel: 'LPA' },
  { segment: 'BPU', channel: 'OFFICER' },
  { segment: 'BPU', channel: 'SELF_SERVICE_APP' },
  { segment: 'PU', channel: 'OFFICER' },
  { segment: 'PU', channel: 'SELF_SERVICE_WEB' },
  { segment: 'FOREIGN_WORKER', channel: 'OFFICER' },
];

// ~70 % PMI, as in the sources; among PMI, 144,837 in training to 253,489 abroad, and some back home.
const segmentWeights: readonly (readonly [Segment, number])[] = [
  ['PMI', 70],
  ['BPU', 15],
  ['PU', 8],
  ['FOREIGN_WORKER', 7],
];
const phaseWeights: readonly (readonly [Phase, number])[] = [
  ['BEFORE_PLACEMENT', 33],
  ['DURING_PLACEMENT', 57],
  ['AFTER_PLACEMENT', 10],
];
const pmiEthnicities: readonly (readonly [Ethnicity, number])[] = [
  ['javanese', 40],
  ['sundanese', 16],
  ['malay', 17],
  ['bugis', 8],
  ['ntt', 9],
  ['balinese', 4],
  ['batak', 6],
];
const residentEthnicities: readonly (readonly [Ethnicity, number])[] = [
  ['javanese', 40],
  ['sundanese', 17],
  ['malay', 15],
  ['bugis', 8],
  ['batak', 9],
  ['balinese', 5],
  ['ntt', 6],
];

export function planMembers(options: PlanOptions): PlannedMember[] {
  const registry = new IdentityRegistry();
  for (const scenario of demoScenarios) registry.claimPassport('ID', scenario.passportNumber);
  const planner = new Planner(options, registry);
  const members: PlannedMember[] = [];
  for (let index = 0; index < options.count; index++) {
    const rng = new Random(deriveSeed(options.seed, index));
    const scenario = demoScenarios[index];
    members.push(
      scenario ? planner.scenario(rng, index, scenario.key) : planner.member(rng, index, coverageProfiles[index - demoScenarios.length]),
    );
  }
  return members;
}

class Planner {
  readonly #today: string;
  readonly #now: Date;
  readonly #areas: DemoAreas;
  readonly #registry: IdentityRegistry;

  constructor(options: PlanOptions, registry: IdentityRegistry) {
    this.#today = options.today;
    this.#now = options.now;
    this.#areas = options.areas;
    this.#registry = registry;
  }

  member(rng: Random, index: number, forced: Profile | undefined): PlannedMember {
    const profile = forced ?? this.randomProfile(rng);
    switch (profile.segment) {
      case 'PMI':
        return this.migrantWorker(rng, index, profile);
      case 'BPU':
        return this.informalWorker(rng, index, profile);
      case 'PU':
        return this.wageEarner(rng, index, profile);
      case 'FOREIGN_WORKER':
        return this.foreignWorker(rng, index, profile);
    }
  }

  randomProfile(rng: Random): Profile {
    const segment = rng.weighted(segmentWeights);
    if (segment !== 'PMI') return { segment };
    const phase = rng.weighted(phaseWeights);
    return phase === 'AFTER_PLACEMENT' ? { segment, phase, returned: rng.chance(0.75) } : { segment, phase };
  }

  // --- PMI -------------------------------------------------------------------------------

  migrantWorker(rng: Random, index: number, profile: Profile): PlannedMember {
    const destination = destinationByCode(profile.destination ?? rng.weighted(destinations.map((d) => [d.code, d.weight] as const)));
    const sex: Sex = rng.chance(destination.femaleShare) ? 'F' : 'M';
    const { person, area } = indonesianPerson(rng, this.#registry, this.#areas, {
      ethnicity: rng.weighted(pmiEthnicities),
      sex,
      birthYears: [1970, 2004],
    });
    const phase = profile.phase ?? 'DURING_PLACEMENT';
    const abroad = phase === 'DURING_PLACEMENT' || profile.returned === true;
    const channel = profile.channel ?? (abroad ? this.channelAbroad(rng, destination) : rng.weighted(channelsAtHome));
    const town = this.town(rng, destination, channel === 'LOCAL_PARTNER');
    const months = rng.weighted(destination.contractMonths);
    const occupation = rng.weighted(destination.occupations);

    let contractStart: string;
    let registeredOn: string;
    const followUps: FollowUp[] = [];
    if (phase === 'BEFORE_PLACEMENT') {
      contractStart = addDays(this.#today, rng.int(14, 150));
      registeredOn = addDays(this.#today, -rng.int(0, 120));
    } else if (phase === 'AFTER_PLACEMENT') {
      const contractEnd = addDays(this.#today, -rng.int(10, 600));
      contractStart = addMonths(addDays(contractEnd, 1), -months);
      if (profile.returned) {
        registeredOn = addDays(contractStart, rng.int(0, Math.min(daysBetween(contractStart, contractEnd) - 1, 400)));
        followUps.push({ kind: 'return', at: this.at(rng, contractEnd), effectiveDate: contractEnd });
      } else {
        registeredOn = addDays(contractEnd, rng.int(1, Math.min(daysBetween(contractEnd, this.#today), 200)));
      }
    } else if (channel === 'CONTRACT_EXTENSION_ABROAD') {
      // Registered while signing the renewed contract abroad.
      contractStart = addDays(this.#today, -rng.int(0, 240));
      registeredOn = minDate(addDays(contractStart, rng.int(0, 20)), this.#today);
    } else {
      const elapsed = rng.int(1, months * 30 - 30);
      contractStart = addDays(this.#today, -elapsed);
      registeredOn = addDays(contractStart, rng.int(0, Math.min(elapsed, 400)));
    }
    const contractEnd = addDays(addMonths(contractStart, months), -1);

    const hasPlacement = phase !== 'BEFORE_PLACEMENT' || rng.chance(0.6);
    const placement = this.placement(rng, destination, town, occupation, contractStart, contractEnd, channel);
    const withPassport = phase !== 'BEFORE_PLACEMENT' || rng.chance(hasPlacement ? 0.9 : 0.6);
    const input: RegistrationInput = {
      segment: 'PMI',
      person: {
        ...person,
        phone: phase === 'DURING_PLACEMENT' && rng.chance(0.8) ? destination.phone(rng) : indonesianPhone(rng),
        address: phase === 'DURING_PLACEMENT' ? this.addressAbroad(rng, destination, town) : homeAddress(rng, area),
        ...this.extras(rng, person),
        ...(withPassport ? { passport: passport(rng, this.#registry, 'ID', registeredOn) } : {}),
      },
      channel: this.channelOf(channel, destination, town),
      pmi: hasPlacement ? { phase: profile.returned ? 'DURING_PLACEMENT' : phase, placement } : { phase },
    };
    const registeredAt = this.at(rng, registeredOn, channel);
    if (phase === 'DURING_PLACEMENT') followUps.push(...this.laterChanges(rng, destination, placement, registeredOn, months));
    return { index, input, registeredAt, followUps };
  }

  channelAbroad(rng: Random, destination: Destination): Channel {
    const options: (readonly [Channel, number])[] = [
      ['SELF_SERVICE_APP', 25],
      ['SELF_SERVICE_WEB', 10],
      ['FOREIGN_MINISTRY_SELF_REPORT', 15],
      ['CONTRACT_EXTENSION_ABROAD', 12],
    ];
    if (destination.mission) options.push(['EMBASSY_DESK', 22]);
    if (destination.towns.some((t) => t.localPartner)) options.push(['LOCAL_PARTNER', 30]);
    return rng.weighted(options);
  }

  town(rng: Random, destination: Destination, needsLocalPartner: boolean): Town {
    const towns = needsLocalPartner ? destination.towns.filter((t) => t.localPartner) : destination.towns;
    return rng.weighted(towns.map((t) => [t, t.weight] as const));
  }

  channelOf(channel: Channel, destination: Destination, town: Town): RegistrationInput['channel'] {
    switch (channel) {
      case 'EMBASSY_DESK':
        return { type: channel, partnerCode: required(destination.mission, `no mission in ${destination.code}`) };
      case 'LOCAL_PARTNER':
        return { type: channel, partnerCode: required(town.localPartner, `no local partner in ${town.city}`) };
      case 'FOREIGN_MINISTRY_SELF_REPORT':
        return { type: channel, partnerCode: 'KEMENLU' };
      case 'CONTRACT_EXTENSION_ABROAD':
        return destination.mission ? { type: channel, partnerCode: destination.mission } : { type: channel };
      default:
        return { type: channel };
    }
  }

  placement(
    rng: Random,
    destination: Destination,
    town: Town,
    occupation: string,
    contractStart: string,
    contractEnd: string,
    channel: Channel,
  ): PlacementInput {
    const executorShare = channel === 'CONTRACT_EXTENSION_ABROAD' ? destination.executorShare / 2 : destination.executorShare;
    const viaExecutor = destination.governmentToGovernment === true || rng.chance(executorShare);
    const agency = destination.governmentToGovernment || rng.chance(0.2) ? 'BP2MI' : rng.pick(placementCompanies);
    return {
      destinationCountry: destination.code,
      employerName: destination.employer(rng, occupation),
      ...(rng.chance(0.4) ? { employerAddress: `${destination.streetAddress(rng, town)}, ${town.city}` } : {}),
      occupation,
      placementRoute: viaExecutor ? 'PLACEMENT_EXECUTOR' : 'INDIVIDUAL',
      ...(viaExecutor ? { placementAgency: agency } : {}),
      contractStart,
      contractEnd,
    };
  }

  addressAbroad(rng: Random, destination: Destination, town: Town): Address {
    return {
      line: destination.streetAddress(rng, town),
      city: town.city,
      ...(town.province ? { province: town.province } : {}),
      country: destination.code,
    };
  }

  /** A few workers abroad extend their contract or move to another country later. */
  laterChanges(rng: Random, destination: Destination, placement: PlacementInput, registeredOn: string, months: number): FollowUp[] {
    const daysLeft = daysBetween(this.#today, placement.contractEnd);
    const since = daysBetween(maxDate(registeredOn, placement.contractStart), this.#today);
    if (daysLeft <= 150 && since >= 2 && rng.chance(0.25)) {
      const on = addDays(this.#today, -rng.int(0, Math.min(60, since - 1)));
      return [
        {
          kind: 'extend',
          at: this.at(rng, on),
          newContractEnd: addMonths(placement.contractEnd, rng.pick([12, 24])),
          ...(destination.mission ? { partnerCode: destination.mission } : {}),
        },
      ];
    }
    if (since >= 30 && rng.chance(0.012)) {
      const movedOn = addDays(this.#today, -rng.int(0, since - 1));
      const next = destinationByCode(rng.pick(moveTargets[destination.code]));
      const town = this.town(rng, next, false);
      const start = minDate(addDays(movedOn, rng.int(0, 20)), this.#today);
      const end = addDays(addMonths(start, months), -1);
      const at = this.at(rng, movedOn);
      const moved: FollowUp = {
        kind: 'move',
        at,
        movedOn,
        placement: this.placement(rng, next, town, rng.weighted(next.occupations), start, end, 'OFFICER'),
      };
      if (!rng.chance(0.6)) return [moved];
      const contactAt = new Date(at.getTime() + 3_600_000);
      return [
        moved,
        {
          kind: 'contact',
          at: contactAt > this.#now ? at : contactAt,
          phone: next.phone(rng),
          address: this.addressAbroad(rng, next, town),
        },
      ];
    }
    return [];
  }

  // --- BPU, PU, foreign workers ------------------------------------------------------------

  informalWorker(rng: Random, index: number, profile: Profile): PlannedMember {
    const channel = profile.channel ?? rng.weighted(informalChannels);
    const lpa = channel === 'LPA' ? (rng.chance(0.6) ? 'LPA-JATIM' : 'LPA-KARIMUN') : undefined;
    const sex: Sex = rng.chance(0.45) ? 'F' : 'M';
    // An LPA enrols the workers of its own region: East Java, or the Karimun islands (Riau Islands).
    const area = lpa ? rng.pick(lpa === 'LPA-JATIM' ? areasOf(this.#areas, '35') : this.karimunAreas()) : undefined;
    const ethnicity: Ethnicity = lpa === 'LPA-JATIM' ? 'javanese' : lpa === 'LPA-KARIMUN' ? 'malay' : rng.weighted(residentEthnicities);
    const resident = indonesianPerson(rng, this.#registry, this.#areas, {
      ethnicity,
      sex,
      birthYears: [1960, 2007],
      ...(area ? { area } : {}),
    });
    const occupation = rng.weighted(lpa === 'LPA-KARIMUN' ? islandOccupations : informalOccupations);
    const registeredOn = this.adultOn(resident.person.birthDate, addDays(this.#today, -rng.int(0, 900)));
    return {
      index,
      input: {
        segment: 'BPU',
        person: this.resident(rng, resident.person, resident.area, registeredOn, 0.03),
        channel: lpa ? { type: 'LPA', partnerCode: lpa } : { type: channel },
        bpu: { occupation, declaredMonthlyIncome: Math.min(rng.int(10, 60), rng.int(10, 60)) * 100_000 },
      },
      registeredAt: this.at(rng, registeredOn, channel),
      followUps: [],
    };
  }

  karimunAreas(): readonly DemoArea[] {
    const riauIslands = areasOf(this.#areas, '21');
    const karimun = riauIslands.filter((a) => a.code.startsWith('2102'));
    return karimun.length > 0 ? karimun : riauIslands;
  }

  wageEarner(rng: Random, index: number, profile: Profile): PlannedMember {
    const channel = profile.channel ?? rng.weighted(wageEarnerChannels);
    const sex: Sex = rng.chance(0.4) ? 'F' : 'M';
    const resident = indonesianPerson(rng, this.#registry, this.#areas, {
      ethnicity: rng.weighted(residentEthnicities),
      sex,
      birthYears: [1963, 2006],
    });
    const registeredOn = this.adultOn(resident.person.birthDate, addDays(this.#today, -rng.int(0, 900)));
    return {
      index,
      input: {
        segment: 'PU',
        person: this.resident(rng, resident.person, resident.area, registeredOn, 0.05),
        channel: { type: channel },
        pu: { employerName: indonesianCompany(rng), monthlyWage: Math.min(rng.int(44, 300), rng.int(44, 300)) * 50_000 },
      },
      registeredAt: this.at(rng, registeredOn, channel),
      followUps: [],
    };
  }

  resident(rng: Random, person: PersonInput, area: DemoArea, registeredOn: string, passportShare: number): PersonInput {
    return {
      ...person,
      phone: indonesianPhone(rng),
      address: homeAddress(rng, area),
      ...this.extras(rng, person),
      ...(rng.chance(passportShare) ? { passport: passport(rng, this.#registry, 'ID', registeredOn) } : {}),
    };
  }

  foreignWorker(rng: Random, index: number, profile: Profile): PlannedMember {
    const channel = profile.channel ?? rng.weighted(foreignWorkerChannels);
    const nationality = rng.weighted(foreignNationalities);
    const sex: Sex = rng.chance(0.2) ? 'F' : 'M';
    const person = foreignPerson(rng, nationality, sex, [1965, 1999]);
    const registeredOn = addDays(this.#today, -rng.int(0, 900));
    const [city, province] = rng.pick(foreignWorkerTowns);
    return {
      index,
      input: {
        segment: 'FOREIGN_WORKER',
        person: {
          ...person,
          phone: rng.chance(0.6) ? indonesianPhone(rng) : foreignPhone(rng, nationality),
          ...(rng.chance(0.5) ? { email: demoEmail(rng, person.fullName, person.birthDate) } : {}),
          address: {
            line: `${rng.pick(['Apartemen Taman Sari', 'Residence Permata', 'Apartemen Graha Asri', 'Mess Karyawan Blok'])} ${rng.pick(['A', 'B', 'C', 'D'])} Unit ${rng.int(1, 30)}-${String(rng.int(1, 20)).padStart(2, '0')}`,
            city,
            province,
            country: 'ID',
          },
          passport: passport(rng, this.#registry, nationality, registeredOn),
        },
        channel: { type: channel },
        foreignWorker: {
          employerName: foreignOwnedCompany(rng),
          workPermitNumber: `KITAS-${registeredOn.slice(0, 4)}-${rng.digits(6)}`,
          monthlyWage: rng.int(15, 90) * 1_000_000,
        },
      },
      registeredAt: this.at(rng, registeredOn, channel),
      followUps: [],
    };
  }

  // --- shared ------------------------------------------------------------------------------

  /** Nobody is registered before turning 18 (unless that is still to come). */
  adultOn(birthDate: string, date: string): string {
    return minDate(maxDate(date, addMonths(birthDate, 18 * 12)), this.#today);
  }

  extras(rng: Random, person: PersonInput): Pick<PersonInput, 'email' | 'bankAccount'> {
    return {
      ...(rng.chance(0.2) ? { email: demoEmail(rng, person.fullName, person.birthDate) } : {}),
      ...(rng.chance(0.25) ? { bankAccount: bankAccount(rng, person.fullName) } : {}),
    };
  }

  /**
   * An instant on a business date: desks keep office hours, self-service runs around the
   * clock. Never after the reference instant.
   */
  at(rng: Random, date: string, channel?: Channel): Date {
    const selfService = channel === 'SELF_SERVICE_APP' || channel === 'SELF_SERVICE_WEB';
    const instant = instantOn(date, selfService ? rng.int(5, 23) : rng.int(8, 15), rng.int(0, 59));
    return instant > this.#now ? new Date(this.#now) : instant;
  }

  // --- the named scenarios -------------------------------------------------------------------

  scenario(rng: Random, index: number, key: DemoScenarioKey): PlannedMember {
    const scenario = required(
      demoScenarios.find((s) => s.key === key),
      key,
    );
    const passportOf = (registeredOn: string): PersonInput['passport'] => ({
      number: scenario.passportNumber,
      issuingCountry: 'ID',
      expiryDate: addDays(registeredOn, 2900),
    });
    const homeArea = (province: string) => areasOf(this.#areas, province)[0] as DemoArea;
    const person = (area: DemoArea, birthDate: string, sex: Sex): PersonInput => ({
      nik: this.#registry.nik(rng, area.code, birthDate, sex),
      fullName: scenario.fullName,
      birthDate,
      sex,
      birthPlace: area.town,
      nationality: 'ID',
    });
    const today = this.#today;

    switch (key) {
      case 'moved-malaysia-to-taiwan': {
        const malaysia = destinationByCode('MY');
        const sandakan = required(
          malaysia.towns.find((t) => t.city === 'Sandakan'),
          'Sandakan',
        );
        const contractStart = addMonths(today, -20);
        const registeredOn = addDays(contractStart, 15);
        const movedOn = addDays(today, -120);
        const taiwan = destinationByCode('TW');
        const taichung = required(
          taiwan.towns.find((t) => t.city === 'Taichung'),
          'Taichung',
        );
        const newStart = addDays(movedOn, 10);
        const moveAt = this.at(rng, movedOn);
        return {
          index,
          scenario: key,
          input: {
            segment: 'PMI',
            person: {
              ...person(homeArea('35'), '1990-03-14', 'F'),
              phone: malaysia.phone(rng),
              address: this.addressAbroad(rng, malaysia, sandakan),
              passport: passportOf(registeredOn),
            },
            channel: { type: 'LOCAL_PARTNER', partnerCode: 'LP-SABAH' },
            pmi: {
              phase: 'DURING_PLACEMENT',
              placement: {
                destinationCountry: 'MY',
                employerName: 'Ladang Segar Plantations Sdn. Bhd.',
                occupation: 'Plantation worker',
                placementRoute: 'PLACEMENT_EXECUTOR',
                placementAgency: 'PT Bina Tenaga Mandiri',
                contractStart,
                contractEnd: addDays(addMonths(contractStart, 24), -1),
              },
            },
          },
          registeredAt: this.at(rng, registeredOn),
          followUps: [
            {
              kind: 'move',
              at: moveAt,
              movedOn,
              placement: {
                destinationCountry: 'TW',
                employerName: 'Chen Shu-Fen',
                occupation: 'Caregiver',
                placementRoute: 'PLACEMENT_EXECUTOR',
                placementAgency: 'PT Mitra Karya Sejahtera',
                contractStart: newStart,
                contractEnd: addDays(addMonths(newStart, 36), -1),
              },
            },
            {
              kind: 'contact',
              at: new Date(moveAt.getTime() + 3_600_000),
              phone: taiwan.phone(rng),
              address: this.addressAbroad(rng, taiwan, taichung),
            },
          ],
        };
      }
      case 'contract-extended': {
        const hongKong = destinationByCode('HK');
        const kowloon = required(
          hongKong.towns.find((t) => t.city === 'Kowloon'),
          'Kowloon',
        );
        const contractStart = addMonths(today, -23);
        const contractEnd = addDays(addMonths(contractStart, 24), -1);
        const registeredOn = addDays(contractStart, 40);
        return {
          index,
          scenario: key,
          input: {
            segment: 'PMI',
            person: {
              ...person(homeArea('33'), '1986-11-02', 'F'),
              phone: hongKong.phone(rng),
              address: this.addressAbroad(rng, hongKong, kowloon),
              passport: passportOf(registeredOn),
            },
            channel: { type: 'EMBASSY_DESK', partnerCode: 'KJRI-HONGKONG' },
            pmi: {
              phase: 'DURING_PLACEMENT',
              placement: {
                destinationCountry: 'HK',
                employerName: 'Wong Siu Ming',
                occupation: 'Domestic worker',
                placementRoute: 'PLACEMENT_EXECUTOR',
                placementAgency: 'PT Duta Putra Harapan',
                contractStart,
                contractEnd,
              },
            },
          },
          registeredAt: this.at(rng, registeredOn),
          followUps: [
            {
              kind: 'extend',
              at: this.at(rng, addDays(today, -20)),
              newContractEnd: addMonths(contractEnd, 24),
              partnerCode: 'KJRI-HONGKONG',
            },
          ],
        };
      }
      case 'returned-from-korea': {
        const korea = destinationByCode('KR');
        const ansan = required(
          korea.towns.find((t) => t.city === 'Ansan'),
          'Ansan',
        );
        const contractStart = addMonths(today, -44);
        const contractEnd = addDays(addMonths(contractStart, 36), -1);
        const registeredOn = addDays(contractStart, 60);
        return {
          index,
          scenario: key,
          input: {
            segment: 'PMI',
            person: {
              ...person(homeArea('33'), '1979-12-05', 'M'),
              phone: korea.phone(rng),
              address: this.addressAbroad(rng, korea, ansan),
              passport: passportOf(registeredOn),
            },
            channel: { type: 'EMBASSY_DESK', partnerCode: 'KBRI-SEOUL' },
            pmi: {
              phase: 'DURING_PLACEMENT',
              placement: {
                destinationCountry: 'KR',
                employerName: 'Daeil Metal Co., Ltd.',
                occupation: 'Manufacturing worker',
                placementRoute: 'PLACEMENT_EXECUTOR',
                placementAgency: 'BP2MI',
                contractStart,
                contractEnd,
              },
            },
          },
          registeredAt: this.at(rng, registeredOn),
          followUps: [
            { kind: 'return', at: this.at(rng, contractEnd), effectiveDate: contractEnd },
            {
              kind: 'contact',
              at: this.at(rng, addDays(contractEnd, 3)),
              phone: indonesianPhone(rng),
              address: homeAddress(rng, homeArea('33')),
            },
          ],
        };
      }
      case 'membership-closed': {
        const area = homeArea('32');
        const registeredOn = addDays(today, -400);
        const closedOn = addDays(today, -60);
        return {
          index,
          scenario: key,
          input: {
            segment: 'BPU',
            person: {
              ...person(area, '1968-07-21', 'M'),
              phone: indonesianPhone(rng),
              address: homeAddress(rng, area),
              passport: passportOf(registeredOn),
            },
            channel: { type: 'OFFICER' },
            bpu: { occupation: 'Farmer', declaredMonthlyIncome: 1_500_000 },
          },
          registeredAt: this.at(rng, registeredOn),
          followUps: [
            {
              kind: 'close',
              at: this.at(rng, closedOn),
              effectiveDate: closedOn,
              note: 'Demo data: the member asked to end the membership.',
            },
          ],
        };
      }
    }
  }
}

const channelsAtHome: readonly (readonly [Channel, number])[] = [
  ['OFFICER', 45],
  ['SELF_SERVICE_APP', 30],
  ['SELF_SERVICE_WEB', 25],
];
const informalChannels: readonly (readonly [Channel, number])[] = [
  ['LPA', 40],
  ['OFFICER', 25],
  ['SELF_SERVICE_APP', 20],
  ['SELF_SERVICE_WEB', 15],
];
const wageEarnerChannels: readonly (readonly [Channel, number])[] = [
  ['OFFICER', 60],
  ['SELF_SERVICE_WEB', 25],
  ['SELF_SERVICE_APP', 15],
];
const foreignWorkerChannels: readonly (readonly [Channel, number])[] = [
  ['OFFICER', 70],
  ['SELF_SERVICE_WEB', 30],
];
const foreignNationalities: readonly (readonly [ForeignNationality, number])[] = [
  ['CN', 35],
  ['KR', 25],
  ['IN', 18],
  ['JP', 12],
  ['MY', 10],
];
const foreignWorkerTowns: readonly (readonly [string, string])[] = [
  ['Jakarta Selatan', 'DKI Jakarta'],
  ['Bekasi', 'Jawa Barat'],
  ['Karawang', 'Jawa Barat'],
  ['Tangerang', 'Banten'],
  ['Batam', 'Kepulauan Riau'],
  ['Morowali', 'Sulawesi Tengah'],
  ['Surabaya', 'Jawa Timur'],
];
const informalOccupations: readonly (readonly [string, number])[] = [
  ['Farmer', 20],
  ['Farm labourer', 14],
  ['Street vendor', 14],
  ['Market trader', 10],
  ['Motorcycle taxi driver', 10],
  ['Small shop owner', 8],
  ['Construction labourer', 8],
  ['Fisher', 6],
  ['Tailor', 4],
  ['Mechanic', 3],
  ['Online seller', 3],
];
const islandOccupations: readonly (readonly [string, number])[] = [
  ['Fisher', 55],
  ['Street vendor', 15],
  ['Small shop owner', 12],
  ['Motorcycle taxi driver', 10],
  ['Boat mechanic', 8],
];
const moveTargets: Record<DestinationCode, readonly DestinationCode[]> = {
  MY: ['TW', 'HK', 'SG', 'BN'],
  HK: ['TW', 'SG'],
  TW: ['KR', 'JP', 'HK'],
  KR: ['JP', 'TW'],
  SG: ['HK', 'TW'],
  BN: ['MY', 'SA'],
  SA: ['AE', 'QA', 'MY'],
  JP: ['KR', 'TW'],
  AE: ['QA', 'SA'],
  QA: ['AE', 'SA'],
};

function indonesianCompany(rng: Random): string {
  return `${rng.pick(['PT', 'PT', 'PT', 'CV'])} ${rng.pick(['Sinar', 'Karya', 'Mitra', 'Bumi', 'Cahaya', 'Sumber', 'Tunas', 'Maju', 'Putra', 'Indah'])} ${rng.pick(['Jaya', 'Abadi', 'Sejahtera', 'Makmur', 'Mandiri', 'Nusantara', 'Sentosa', 'Lestari'])}${rng.chance(0.5) ? ` ${rng.pick(['Teknik', 'Logistik', 'Garmen', 'Konstruksi', 'Plastindo', 'Pangan', 'Tekstil'])}` : ''}`;
}

function foreignOwnedCompany(rng: Random): string {
  return `PT ${rng.pick(['Hanjaya', 'Sinar Global', 'Asia Pacific', 'Dae Han', 'Tianlong', 'Sakura', 'Harimau', 'Indo Bharat'])} ${rng.pick(['Indonesia', 'Industri', 'Teknologi', 'Nickel', 'Manufacturing', 'Energi'])}`;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo data is missing ${what}`);
  return value;
}
