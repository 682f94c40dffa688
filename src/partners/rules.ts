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
