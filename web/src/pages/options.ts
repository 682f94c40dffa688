// Choices offered in forms. Codes follow the API (GLOSSARY values); labels are translated.
export const destinations = [
  'MY',
  'TW',
  'HK',
  'KR',
  'SG',
  'SA',
  'BN',
  'JP',
  'AE',
  'QA',
  'KW',
  'OM',
  'TR',
  'IT',
  'DE',
  'PL',
  'AU',
  'NZ',
  'US',
];
export const phases = ['BEFORE_PLACEMENT', 'DURING_PLACEMENT', 'AFTER_PLACEMENT'] as const;
export const placementRoutes = ['PLACEMENT_EXECUTOR', 'INDIVIDUAL'] as const;
export const programs = ['JKK', 'JKM', 'JHT'] as const;

/** Today in Jakarta, as the API's business dates are. */
export function todayInJakarta(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
}
