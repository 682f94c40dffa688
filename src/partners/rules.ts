export const partnerTypes = [
  'MINISTRY',
  'IMMIGRATION',
  'EMBASSY',
  'LOCAL_PARTNER',
  'FOREIGN_INSTITUTION',
  'SOCIAL_AFFAIRS_BODY',
  'BANK',
  'PAYMENT_CHANNEL',
] as const;
export type PartnerType = (typeof partnerTypes)[number];

/** GLOSSARY: MoU (Nota Kesepahaman) and the operational cooperation agreement (PKS) under it. */
export const agreementKinds = ['MOU', 'COOPERATION_AGREEMENT'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export const agreementStatuses = ['ACTIVE', 'SUSPENDED'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

/** SEND: the partner sends this document type to Lindung; RECEIVE: Lindung sends it to the partner. */
export const permissionDirections = ['SEND', 'RECEIVE'] as const;
export type PermissionDirection = (typeof permissionDirections)[number];

/**
 * Purpose limitation: which document type may travel which way, carrying which fields
 * (dotted paths into the document; a path allows everything below it).
 */
export interface Permission {
  documentType: string;
  direction: PermissionDirection;
  fields: string[];
}

export interface Contact {
  name: string;
  role?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

/** Agreements usually run three years from signature (MoU practice); a default, not a rule. */
export const typicalAgreementYears = 3;

/** The paths of a document that an agreement does not allow, e.g. `person.nik`. */
export function fieldsOutsidePermission(document: unknown, allowed: readonly string[]): string[] {
  const outside: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (path !== '' && allowed.some((a) => path === a || path.startsWith(`${a}.`))) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    if (path !== '') outside.push(path);
  };
  visit(document, '');
  return outside;
}

export type AgreementStanding = 'IN_FORCE' | 'NOT_YET_IN_FORCE' | 'EXPIRED' | 'SUSPENDED';

/** Whether an agreement lets exchanges run on a day. */
export function agreementStanding(
  agreement: { status: AgreementStatus; valid_from: string; valid_to: string },
  today: string,
): AgreementStanding {
  if (agreement.status === 'SUSPENDED') return 'SUSPENDED';
  if (today < agreement.valid_from) return 'NOT_YET_IN_FORCE';
  if (today > agreement.valid_to) return 'EXPIRED';
  return 'IN_FORCE';
}

export type KeyStanding = 'VALID' | 'NOT_YET_VALID' | 'EXPIRED' | 'REVOKED';

export function keyStanding(key: { valid_from: Date; valid_to: Date | null; revoked_at: Date | null }, now: Date): KeyStanding {
  if (key.revoked_at && key.revoked_at <= now) return 'REVOKED';
  if (now < key.valid_from) return 'NOT_YET_VALID';
  if (key.valid_to && now >= key.valid_to) return 'EXPIRED';
  return 'VALID';
}

/** The document types of the exchange catalogue v1, which agreements name. */
export const documentTypes = [
  'SELF_REPORT',
  'CONTRACT_EXTENSION',
  'DEPARTURE',
  'ARRIVAL',
  'PARTNER_REGISTRATION',
  'MEMBERSHIP_STATUS',
] as const;
export type DocumentType = (typeof documentTypes)[number];

/** Adds whole years to a business date (29 Feb falls back to 28 Feb). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** The day before a business date. */
export function dayBefore(date: string): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString().slice(0, 10);
}
