// A membership card is good for a year; a new one can be downloaded at any time.
export const cardValidityDays = 365;

/** The JWS type of a membership card token. */
export const cardTokenType = 'lindung-card+jwt';

/** "Siti Nur Aminah" → "S. N. A."; what the public verification page may show of a name. */
export function initialsOf(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/)
    .filter((part) => part.length > 0)
    .map((part) => `${Array.from(part)[0]?.toLocaleUpperCase('id') ?? ''}.`)
    .join(' ');
}

/**
 * Replaces what the PDF's standard font (WinAnsi) cannot draw, so that any name makes a
 * card: letters with accents are kept, other scripts become '?'.
 */
export function drawableText(text: string): string {
  return Array.from(text)
    .map((ch) => (/^[\x20-\x7E\u00A0-\u00FF]$/.test(ch) ? ch : '?'))
    .join('');
}

export interface CardClaims {
  /** Membership number. */
  sub: string;
  /** Name initials only. */
  ini: string;
  iat: number;
  exp: number;
}

export function isCardClaims(value: unknown): value is CardClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sub === 'string' && typeof v.ini === 'string' && typeof v.iat === 'number' && typeof v.exp === 'number';
}
