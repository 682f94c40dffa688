import { readConsent } from './rules.ts';

// Bulk files carry one document per row: each column fills one path of the document.

type Column = readonly [column: string, path: string];

const identity: Column[] = [
  ['nik', 'person.nik'],
  ['passport_number', 'passport.number'],
  ['passport_country', 'passport.issuingCountry'],
  ['passport_expiry', 'passport.expiryDate'],
  ['full_name', 'person.fullName'],
  ['birth_date', 'person.birthDate'],
  ['sex', 'person.sex'],
  ['phone', 'person.phone'],
];

const columnsByType: Record<string, readonly Column[]> = {
  SELF_REPORT: [
    ...identity,
    ['email', 'person.email'],
    ['country', 'country'],
    ['address_line', 'address.line'],
    ['address_city', 'address.city'],
    ['employer_name', 'employer.name'],
    ['contract_start', 'contract.start'],
    ['contract_end', 'contract.end'],
    ['placement_route', 'contract.placementRoute'],
    ['consent_to_register', 'consentToRegister'],
  ],
  CONTRACT_EXTENSION: [
    ...identity,
    ['country', 'country'],
    ['employer_name', 'employer.name'],
    ['contract_start', 'contract.start'],
    ['previous_contract_end', 'contract.previousEnd'],
    ['new_contract_end', 'contract.newEnd'],
    ['placement_route', 'contract.placementRoute'],
  ],
  DEPARTURE: [
    ['passport_number', 'passport.number'],
    ['passport_country', 'passport.issuingCountry'],
    ['nik', 'nik'],
    ['crossed_on', 'crossedOn'],
    ['country', 'country'],
    ['border_post', 'borderPost'],
  ],
  PARTNER_REGISTRATION: [
    ...identity,
    ['email', 'person.email'],
    ['address_line', 'address.line'],
    ['address_city', 'address.city'],
    ['address_country', 'address.country'],
    ['destination_country', 'placement.destinationCountry'],
    ['employer_name', 'placement.employerName'],
    ['occupation', 'placement.occupation'],
    ['placement_route', 'placement.placementRoute'],
    ['contract_start', 'placement.contractStart'],
    ['contract_end', 'placement.contractEnd'],
  ],
};
columnsByType.ARRIVAL = columnsByType.DEPARTURE as readonly Column[];

/** The columns of a document type's file template, in order; empty for outbound-only types. */
export function fileColumnsOf(type: string): string[] {
  return (columnsByType[type] ?? []).map(([column]) => column);
}

export function columnPathsOf(type: string): readonly Column[] {
  return columnsByType[type] ?? [];
}

/** One row of a file as the document it stands for (empty cells are left out). */
export function rowToDocument(type: string, row: Record<string, string | null | undefined>): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const [column, path] of columnPathsOf(type)) {
    const raw = row[column];
    if (path === 'consentToRegister') {
      const consent = readConsent(raw);
      document.consentToRegister = consent ?? raw;
      continue;
    }
    if (raw === undefined || raw === null || raw.trim() === '') continue;
    const parts = path.split('.');
    let target = document;
    for (const part of parts.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[parts.at(-1) as string] = raw.trim();
  }
  // A self-report's address is abroad, in the country reported: the template has no column for it.
  const address = document.address as Record<string, unknown> | undefined;
  if (type === 'SELF_REPORT' && address && document.country !== undefined) address.country = document.country;
  return document;
}

/** A JSON pointer into a document, back to the file's column name (for the row report). */
export function columnOfPointer(type: string, pointer: string): string | undefined {
  const path = pointer.replace(/^\/document\//, '').replaceAll('/', '.');
  return columnPathsOf(type).find(([, p]) => p === path || path.startsWith(`${p}.`))?.[0];
}

/** A catalogue example as a file row, for the template. */
export function documentToRow(type: string, document: Record<string, unknown>): string[] {
  return columnPathsOf(type).map(([, path]) => {
    let value: unknown = document;
    for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    return value === undefined || value === null ? '' : String(value);
  });
}
