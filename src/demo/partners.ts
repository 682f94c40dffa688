import type { PartnerType } from '../partners/service.ts';

export interface DemoPartner {
  code: string;
  name: string;
  type: PartnerType;
  country: string;
}

/** The partners the sources name: ministries, Immigration, missions abroad, local partners, NPS, LPAs, a bank and a payment channel. */
export const demoPartners: readonly DemoPartner[] = [
  { code: 'KEMENLU', name: 'Kementerian Luar Negeri (foreign ministry)', type: 'MINISTRY', country: 'ID' },
  { code: 'KEMENSOS', name: 'Kementerian Sosial (social-affairs ministry)', type: 'MINISTRY', country: 'ID' },
  { code: 'IMIGRASI', name: 'Direktorat Jenderal Imigrasi (Immigration)', type: 'IMMIGRATION', country: 'ID' },
  { code: 'KJRI-HONGKONG', name: 'KJRI Hong Kong (Consulate General of Indonesia)', type: 'EMBASSY', country: 'HK' },
  { code: 'KBRI-SINGAPORE', name: 'KBRI Singapura (Embassy of Indonesia)', type: 'EMBASSY', country: 'SG' },
  { code: 'KDEI-TAIPEI', name: 'KDEI Taipei (Indonesian Economic and Trade Office)', type: 'EMBASSY', country: 'TW' },
  { code: 'KBRI-SEOUL', name: 'KBRI Seoul (Embassy of Indonesia)', type: 'EMBASSY', country: 'KR' },
  { code: 'KBRI-BSB', name: 'KBRI Bandar Seri Begawan (Embassy of Indonesia)', type: 'EMBASSY', country: 'BN' },
  { code: 'KBRI-KL', name: 'KBRI Kuala Lumpur (Embassy of Indonesia)', type: 'EMBASSY', country: 'MY' },
  { code: 'KJRI-JEDDAH', name: 'KJRI Jeddah (Consulate General of Indonesia)', type: 'EMBASSY', country: 'SA' },
  { code: 'LP-SABAH', name: 'Mitra Lokal Sabah (local partner, Kota Kinabalu)', type: 'LOCAL_PARTNER', country: 'MY' },
  { code: 'LP-SARAWAK', name: 'Mitra Lokal Sarawak (local partner, Kuching)', type: 'LOCAL_PARTNER', country: 'MY' },
  { code: 'NPS-KOREA', name: 'National Pension Service (Korea)', type: 'FOREIGN_INSTITUTION', country: 'KR' },
  { code: 'LPA-JATIM', name: 'LPA Jawa Timur (Askesos implementing body)', type: 'SOCIAL_AFFAIRS_BODY', country: 'ID' },
  { code: 'LPA-KARIMUN', name: 'LPA Karimun (Askesos implementing body)', type: 'SOCIAL_AFFAIRS_BODY', country: 'ID' },
  { code: 'BANK-BNI', name: 'Bank Negara Indonesia (demo bank partner)', type: 'BANK', country: 'ID' },
  { code: 'PAY-POSIND', name: 'Pos Indonesia (demo payment channel)', type: 'PAYMENT_CHANNEL', country: 'ID' },
];
