/**
 * Where PMI work, weighted as the sources suggest (Malaysia, Hong Kong, Taiwan, South Korea,
 * Singapore, Brunei, Saudi Arabia, a few in Japan and the Gulf), with what a synthetic
 * worker there looks like: the mission that serves them, phone plan, towns, jobs, employers.
 */
import type { Random } from '../kernel/random.ts';

export type DestinationCode = 'MY' | 'HK' | 'TW' | 'KR' | 'SG' | 'BN' | 'SA' | 'JP' | 'AE' | 'QA';

export interface Town {
  city: string;
  province?: string;
  /** The local partner that serves the town (Sabah, Sarawak). */
  localPartner?: string;
  weight: number;
}

export interface Destination {
  code: DestinationCode;
  weight: number;
  /** Share of women among the PMI placed there. */
  femaleShare: number;
  /** The Indonesian mission (partner code), where there is one among the demo partners. */
  mission?: string;
  towns: readonly Town[];
  occupations: readonly (readonly [string, number])[];
  /** Contract lengths in months, weighted. */
  contractMonths: readonly (readonly [number, number])[];
  /** Share placed by a placement executor (BP2MI or a P3MI) rather than individually. */
  executorShare: number;
  /** Only the national agency places here (government-to-government schemes such as Korea's EPS). */
  governmentToGovernment?: boolean;
  phone(rng: Random): string;
  streetAddress(rng: Random, town: Town): string;
  employer(rng: Random, occupation: string): string;
}

const household = (surnames: readonly string[], given: readonly string[]) => (rng: Random) => `${rng.pick(surnames)} ${rng.pick(given)}`;

const hongKongHousehold = household(
  ['Chan', 'Wong', 'Lee', 'Cheung', 'Lau', 'Ng', 'Ho', 'Leung', 'Lam', 'Tsang'],
  ['Tai Man', 'Siu Ming', 'Ka Yan', 'Wai Kit', 'Mei Ling', 'Chi Keung', 'Yuk Lan', 'Kwok Wing'],
);
const taiwanHousehold = household(
  ['Lin', 'Chen', 'Huang', 'Chang', 'Wang', 'Wu', 'Tsai', 'Liu'],
  ['Mei-Hua', 'Chih-Ming', 'Shu-Fen', 'Chun-Hung', 'Ya-Ting', 'Wen-Hsiung', 'Li-Chen'],
);
const singaporeHousehold = household(
  ['Tan', 'Lim', 'Lee', 'Ng', 'Ong', 'Goh', 'Chua'],
  ['Ah Kow', 'Mei Ling', 'Wei Ming', 'Siew Hoon', 'Boon Huat'],
);
const arabHousehold = household(
  ['Abdullah', 'Mohammed', 'Fahad', 'Khalid', 'Saad', 'Faisal'],
  ['Al-Harbi', 'Al-Otaibi', 'Al-Ghamdi', 'Al-Zahrani', 'Al-Qahtani', 'Al-Shehri'],
);
const gulfHousehold = household(
  ['Ahmed', 'Hamad', 'Rashid', 'Saeed', 'Sultan'],
  ['Al-Mansoori', 'Al-Kuwari', 'Al-Marri', 'Al-Suwaidi', 'Al-Naimi'],
);
const company = (first: readonly string[], kinds: readonly string[], suffix: string) => (rng: Random) =>
  `${rng.pick(first)} ${rng.pick(kinds)} ${suffix}`;

export const destinations: readonly Destination[] = [
  {
    code: 'MY',
    weight: 30,
    femaleShare: 0.4,
    mission: 'KBRI-KL',
    towns: [
      { city: 'Sandakan', province: 'Sabah', localPartner: 'LP-SABAH', weight: 10 },
      { city: 'Tawau', province: 'Sabah', localPartner: 'LP-SABAH', weight: 10 },
      { city: 'Lahad Datu', province: 'Sabah', localPartner: 'LP-SABAH', weight: 8 },
      { city: 'Kota Kinabalu', province: 'Sabah', localPartner: 'LP-SABAH', weight: 7 },
      { city: 'Kuching', province: 'Sarawak', localPartner: 'LP-SARAWAK', weight: 7 },
      { city: 'Miri', province: 'Sarawak', localPartner: 'LP-SARAWAK', weight: 6 },
      { city: 'Bintulu', province: 'Sarawak', localPartner: 'LP-SARAWAK', weight: 4 },
      { city: 'Sibu', province: 'Sarawak', localPartner: 'LP-SARAWAK', weight: 3 },
      { city: 'Kuala Lumpur', province: 'Wilayah Persekutuan', weight: 12 },
      { city: 'Johor Bahru', province: 'Johor', weight: 12 },
      { city: 'Klang', province: 'Selangor', weight: 10 },
      { city: 'George Town', province: 'Pulau Pinang', weight: 6 },
      { city: 'Seremban', province: 'Negeri Sembilan', weight: 5 },
    ],
    occupations: [
      ['Plantation worker', 40],
      ['Construction worker', 20],
      ['Factory worker', 20],
      ['Domestic worker', 20],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.8,
    phone: (rng) => `+601${rng.pick(['1', '2', '3', '6', '7', '9'])}${rng.digits(7)}`,
    // Estates in Sabah and Sarawak, streets elsewhere.
    streetAddress: (rng, town) =>
      town.localPartner && rng.chance(0.7)
        ? `Ladang ${rng.pick(['Sungai Segama', 'Bukit Mas', 'Kinabatangan', 'Sri Lambak', 'Tanjung Batu'])}, Batu ${rng.int(3, 40)}`
        : `No. ${rng.int(1, 200)}, Jalan ${rng.pick(['Merdeka', 'Bunga Raya', 'Tun Razak', 'Kenanga', 'Perdana'])} ${rng.int(1, 12)}`,
    employer: (rng, occupation) => {
      switch (occupation) {
        case 'Domestic worker':
          return rng.pick(['Rosli bin Hamzah', 'Azman bin Osman', 'Norhayati binti Yusof', 'Tan Ah Kow', 'Lim Siew Lan']);
        case 'Plantation worker':
          return company(['Ladang Segar', 'Sawit Lestari', 'Bukit Hijau', 'Segama Agro'], ['Plantations', 'Estates'], 'Sdn. Bhd.')(rng);
        case 'Construction worker':
          return company(['Bina Jaya', 'Teguh Maju', 'Binaan Cemerlang'], ['Construction', 'Builders'], 'Sdn. Bhd.')(rng);
        default:
          return company(['Kilang Cemerlang', 'Perintis', 'Sinar Timur'], ['Industries', 'Manufacturing', 'Electronics'], 'Sdn. Bhd.')(rng);
      }
    },
  },
  {
    code: 'HK',
    weight: 20,
    femaleShare: 0.97,
    mission: 'KJRI-HONGKONG',
    towns: [
      { city: 'Kowloon', weight: 10 },
      { city: 'Causeway Bay', weight: 6 },
      { city: 'Sha Tin', weight: 5 },
      { city: 'Tuen Mun', weight: 4 },
      { city: 'Tsuen Wan', weight: 4 },
    ],
    occupations: [
      ['Domestic worker', 85],
      ['Caregiver', 15],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.85,
    phone: (rng) => `+852${rng.pick(['5', '6', '9'])}${rng.digits(7)}`,
    streetAddress: (rng) =>
      `Flat ${rng.int(1, 40)}${rng.pick(['A', 'B', 'C', 'D', 'E'])}, ${rng.int(1, 300)} ${rng.pick(['Nathan Road', 'Hennessy Road', "King's Road", 'Castle Peak Road', 'Tai Po Road', 'Lockhart Road'])}`,
    employer: (rng) => hongKongHousehold(rng),
  },
  {
    code: 'TW',
    weight: 22,
    femaleShare: 0.65,
    mission: 'KDEI-TAIPEI',
    towns: [
      { city: 'Taichung', weight: 8 },
      { city: 'Taoyuan', weight: 8 },
      { city: 'New Taipei', weight: 7 },
      { city: 'Kaohsiung', weight: 6 },
      { city: 'Tainan', weight: 5 },
      { city: 'Yilan', weight: 2 },
    ],
    occupations: [
      ['Caregiver', 50],
      ['Factory worker', 30],
      ['Fishing crew', 10],
      ['Domestic worker', 10],
    ],
    contractMonths: [
      [36, 2],
      [24, 1],
    ],
    executorShare: 0.85,
    phone: (rng) => `+8869${rng.digits(8)}`,
    streetAddress: (rng) =>
      `No. ${rng.int(1, 300)}, Lane ${rng.int(1, 80)}, ${rng.pick(['Zhongshan Rd', 'Minsheng Rd', 'Zhongzheng Rd', 'Fuxing Rd', 'Heping Rd'])}`,
    employer: (rng, occupation) =>
      occupation === 'Factory worker'
        ? company(
            ['Hsin Yi', 'Da Tung Hua', 'Chang Feng', 'Feng Yuan', 'Jin Long'],
            ['Precision', 'Plastics', 'Textile', 'Metal'],
            'Co., Ltd.',
          )(rng)
        : occupation === 'Fishing crew'
          ? company(['Hai Feng', 'Tung Kang', 'Nan Fang'], ['Fishery', 'Ocean Fishing'], 'Co., Ltd.')(rng)
          : taiwanHousehold(rng),
  },
  {
    code: 'KR',
    weight: 8,
    femaleShare: 0.08,
    mission: 'KBRI-SEOUL',
    towns: [
      { city: 'Ansan', province: 'Gyeonggi-do', weight: 6 },
      { city: 'Hwaseong', province: 'Gyeonggi-do', weight: 5 },
      { city: 'Gimhae', province: 'Gyeongsangnam-do', weight: 4 },
      { city: 'Changwon', province: 'Gyeongsangnam-do', weight: 3 },
      { city: 'Busan', weight: 3 },
      { city: 'Pohang', province: 'Gyeongsangbuk-do', weight: 2 },
    ],
    occupations: [
      ['Manufacturing worker', 75],
      ['Fishing crew', 15],
      ['Agricultural worker', 10],
    ],
    contractMonths: [
      [36, 3],
      [12, 1],
    ],
    executorShare: 1,
    governmentToGovernment: true,
    phone: (rng) => `+8210${rng.digits(8)}`,
    streetAddress: (rng) => `${rng.int(1, 999)}, ${rng.pick(['Sandan-ro', 'Gongdan-ro', 'Haean-ro', 'Jungang-daero', 'Byeolmang-ro'])}`,
    employer: (rng, occupation) =>
      occupation === 'Fishing crew'
        ? company(['Seohae', 'Namhae', 'Daebo'], ['Fishery', 'Marine'], 'Co., Ltd.')(rng)
        : company(['Daeil', 'Hanbit', 'Samjin', 'Dongyang', 'Sewon'], ['Metal', 'Precision', 'Plastics', 'Auto Parts'], 'Co., Ltd.')(rng),
  },
  {
    code: 'SG',
    weight: 6,
    femaleShare: 0.9,
    mission: 'KBRI-SINGAPORE',
    towns: [{ city: 'Singapore', weight: 1 }],
    occupations: [
      ['Domestic worker', 90],
      ['Caregiver', 10],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.85,
    phone: (rng) => `+65${rng.pick(['8', '9'])}${rng.digits(7)}`,
    streetAddress: (rng) =>
      `Blk ${rng.int(100, 899)} ${rng.pick(['Tampines St', 'Bedok North Ave', 'Jurong West St', 'Ang Mo Kio Ave', 'Woodlands Dr'])} ${rng.int(1, 90)} #${String(rng.int(2, 25)).padStart(2, '0')}-${rng.int(10, 999)}`,
    employer: (rng) => singaporeHousehold(rng),
  },
  {
    code: 'BN',
    weight: 4,
    femaleShare: 0.6,
    mission: 'KBRI-BSB',
    towns: [
      { city: 'Bandar Seri Begawan', weight: 6 },
      { city: 'Kuala Belait', weight: 2 },
      { city: 'Tutong', weight: 1 },
    ],
    occupations: [
      ['Domestic worker', 55],
      ['Construction worker', 30],
      ['Shop assistant', 15],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.8,
    phone: (rng) => `+673${rng.pick(['7', '8'])}${rng.digits(6)}`,
    streetAddress: (rng) =>
      `No. ${rng.int(1, 99)}, Simpang ${rng.int(10, 400)}, ${rng.pick(['Kampong Kiarong', 'Jalan Tutong', 'Kampong Sengkurong', 'Jalan Muara'])}`,
    employer: (rng, occupation) =>
      occupation === 'Domestic worker'
        ? `${rng.pick(['Awang', 'Haji', 'Dayang'])} ${rng.pick(['Abdul Karim', 'Hamid', 'Rosnah', 'Sulaiman'])}`
        : company(['Syarikat Maju', 'Syarikat Bina', 'Kedai Sinar'], ['Jaya', 'Makmur', 'Abadi'], 'Sdn. Bhd.')(rng),
  },
  {
    code: 'SA',
    weight: 5,
    femaleShare: 0.8,
    mission: 'KJRI-JEDDAH',
    towns: [
      { city: 'Jeddah', weight: 5 },
      { city: 'Riyadh', weight: 4 },
      { city: 'Makkah', weight: 2 },
      { city: 'Dammam', weight: 2 },
    ],
    occupations: [
      ['Domestic worker', 75],
      ['Driver', 15],
      ['Hospitality staff', 10],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.75,
    phone: (rng) => `+9665${rng.digits(8)}`,
    streetAddress: (rng) =>
      `${rng.pick(['Al Rawdah', 'Al Safa', 'Al Naseem', 'Al Malaz'])} District, Street ${rng.int(1, 60)}, Building ${rng.int(1, 999)}`,
    employer: (rng) => arabHousehold(rng),
  },
  {
    code: 'JP',
    weight: 3,
    femaleShare: 0.4,
    towns: [
      { city: 'Osaka', weight: 3 },
      { city: 'Nagoya', weight: 3 },
      { city: 'Hamamatsu', weight: 2 },
      { city: 'Hiroshima', weight: 2 },
    ],
    occupations: [
      ['Care worker', 40],
      ['Manufacturing worker', 45],
      ['Agricultural worker', 15],
    ],
    contractMonths: [
      [36, 2],
      [12, 1],
    ],
    executorShare: 0.9,
    phone: (rng) => `+81${rng.pick(['70', '80', '90'])}${rng.digits(8)}`,
    streetAddress: (rng) =>
      `${rng.int(1, 9)}-${rng.int(1, 30)}-${rng.int(1, 20)} ${rng.pick(['Nishi-ku', 'Naka-ku', 'Minami-ku', 'Kita-ku'])}`,
    employer: (rng, occupation) =>
      occupation === 'Care worker'
        ? `${rng.pick(['Sakura', 'Midori', 'Hikari', 'Aoba'])} Care Home`
        : company(['Tokai', 'Kansai', 'Chubu', 'Setouchi'], ['Seiki', 'Kogyo', 'Farm'], 'K.K.')(rng),
  },
  {
    code: 'AE',
    weight: 1,
    femaleShare: 0.75,
    towns: [
      { city: 'Dubai', weight: 3 },
      { city: 'Abu Dhabi', weight: 2 },
    ],
    occupations: [
      ['Domestic worker', 70],
      ['Hospitality staff', 30],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.8,
    phone: (rng) => `+9715${rng.pick(['0', '2', '5', '6'])}${rng.digits(7)}`,
    streetAddress: (rng) =>
      `Villa ${rng.int(1, 120)}, Street ${rng.int(1, 40)}, ${rng.pick(['Al Barsha', 'Jumeirah', 'Khalifa City', 'Mirdif'])}`,
    employer: (rng) => gulfHousehold(rng),
  },
  {
    code: 'QA',
    weight: 1,
    femaleShare: 0.7,
    towns: [{ city: 'Doha', weight: 1 }],
    occupations: [
      ['Domestic worker', 60],
      ['Hospitality staff', 40],
    ],
    contractMonths: [[24, 1]],
    executorShare: 0.8,
    phone: (rng) => `+974${rng.pick(['3', '5', '6', '7'])}${rng.digits(7)}`,
    streetAddress: (rng) => `Building ${rng.int(1, 99)}, Street ${rng.int(800, 999)}, Zone ${rng.int(20, 70)}`,
    employer: (rng) => gulfHousehold(rng),
  },
];

export function destinationByCode(code: DestinationCode): Destination {
  const found = destinations.find((d) => d.code === code);
  if (!found) throw new RangeError(`unknown demo destination ${code}`);
  return found;
}

/** Licensed placement companies (P3MI) are synthetic; BP2MI is the national agency. */
export const placementCompanies = [
  'PT Bina Tenaga Mandiri',
  'PT Mitra Karya Sejahtera',
  'PT Duta Putra Harapan',
  'PT Sahabat Kerja Nusantara',
  'PT Anugerah Insan Mulia',
  'PT Cahaya Abadi Prima',
  'PT Surya Mandiri Utama',
] as const;
