/**
 * Name pools for synthetic people. Every name here is a common given name or family name,
 * combined at random: no entry describes a real person.
 */
import type { Random } from '../kernel/random.ts';

export type Sex = 'F' | 'M';
export type Ethnicity = 'javanese' | 'sundanese' | 'balinese' | 'batak' | 'bugis' | 'malay' | 'ntt';

/** Provinces (2-digit codes) where people of a group mostly got their first NIK, with weights. */
export const homeProvinces: Record<Ethnicity, readonly (readonly [string, number])[]> = {
  javanese: [
    ['35', 45], // East Java
    ['33', 38], // Central Java
    ['34', 7], // Yogyakarta
    ['18', 6], // Lampung
    ['64', 4], // East Kalimantan
  ],
  sundanese: [
    ['32', 85], // West Java
    ['36', 15], // Banten
  ],
  balinese: [['51', 1]],
  batak: [
    ['12', 90], // North Sumatra
    ['14', 10], // Riau
  ],
  bugis: [
    ['73', 75], // South Sulawesi
    ['74', 10], // Southeast Sulawesi
    ['64', 8], // East Kalimantan
    ['65', 7], // North Kalimantan, next to Sabah
  ],
  malay: [
    ['52', 35], // West Nusa Tenggara (Sasak)
    ['61', 14], // West Kalimantan
    ['11', 10], // Aceh
    ['13', 10], // West Sumatra
    ['14', 9], // Riau
    ['21', 8], // Riau Islands
    ['16', 8], // South Sumatra
    ['31', 6], // Jakarta
  ],
  ntt: [['53', 1]],
};

interface Pool {
  /** Names that stand alone: one name is a whole name for many Indonesians. */
  single: readonly string[];
  given: readonly string[];
  second: readonly string[];
  /** Share of people with a single name. */
  singleShare: number;
}

const pools: Record<Exclude<Ethnicity, 'balinese' | 'batak'>, Record<Sex, Pool>> = {
  javanese: {
    M: {
      single: [
        'Sutrisno',
        'Sugiyanto',
        'Suparman',
        'Slamet',
        'Sukardi',
        'Mulyono',
        'Supriyadi',
        'Tukiman',
        'Darmanto',
        'Sumarno',
        'Purwanto',
        'Paijo',
        'Wagiman',
        'Sarwono',
        'Giyono',
        'Tarmuji',
      ],
      given: [
        'Agus',
        'Budi',
        'Joko',
        'Eko',
        'Dwi',
        'Bambang',
        'Hari',
        'Heru',
        'Bayu',
        'Teguh',
        'Wahyu',
        'Arif',
        'Yudi',
        'Rudi',
        'Didik',
        'Sigit',
        'Anton',
        'Catur',
      ],
      second: [
        'Santoso',
        'Prasetyo',
        'Setiawan',
        'Susanto',
        'Wibowo',
        'Nugroho',
        'Kurniawan',
        'Saputro',
        'Hartono',
        'Widodo',
        'Purnomo',
        'Cahyono',
        'Utomo',
        'Hidayat',
        'Riyanto',
      ],
      singleShare: 0.4,
    },
    F: {
      single: [
        'Sumiati',
        'Suwarni',
        'Tumini',
        'Partini',
        'Sulastri',
        'Wartini',
        'Rukmini',
        'Ngatini',
        'Sutini',
        'Painem',
        'Sukini',
        'Parmi',
        'Juwariyah',
        'Tukinah',
        'Siswati',
      ],
      given: ['Sri', 'Siti', 'Tri', 'Dwi', 'Endang', 'Puji', 'Rina', 'Dewi', 'Yuli', 'Eka', 'Nur', 'Wiwik', 'Ani', 'Lilik', 'Umi'],
      second: [
        'Wahyuni',
        'Rahayu',
        'Lestari',
        'Handayani',
        'Astuti',
        'Wulandari',
        'Susanti',
        'Purwanti',
        'Fitriani',
        'Kusumawati',
        'Mulyani',
        'Setyowati',
        'Aminah',
        'Utami',
        'Wahyuningsih',
      ],
      singleShare: 0.35,
    },
  },
  sundanese: {
    M: {
      single: ['Dadang', 'Cecep', 'Ujang', 'Engkos', 'Jajang', 'Encep', 'Oman', 'Karna', 'Udin', 'Dudung'],
      given: ['Asep', 'Deden', 'Iwan', 'Yayan', 'Ade', 'Dede', 'Wawan', 'Aep', 'Dani', 'Rahmat', 'Ilham', 'Ucup'],
      second: [
        'Sunarya',
        'Hermawan',
        'Suryana',
        'Supriatna',
        'Sopyan',
        'Kurnia',
        'Saepudin',
        'Permana',
        'Rusmana',
        'Hidayat',
        'Gunawan',
        'Mulyana',
      ],
      singleShare: 0.3,
    },
    F: {
      single: ['Euis', 'Neneng', 'Enok', 'Imas', 'Cucu', 'Yati', 'Nining', 'Entin', 'Iis', 'Eti', 'Oneng'],
      given: ['Lilis', 'Teti', 'Ai', 'Siti', 'Rina', 'Neng', 'Yeni', 'Dewi', 'Ela', 'Nia', 'Tati'],
      second: [
        'Rohaeti',
        'Kurniasih',
        'Mulyani',
        'Suryani',
        'Sumiati',
        'Komalasari',
        'Nurjanah',
        'Rosita',
        'Nurhayati',
        'Rahmawati',
        'Sopiah',
      ],
      singleShare: 0.3,
    },
  },
  bugis: {
    M: {
      single: ['Baso', 'Ambo', 'Syamsuddin', 'Hasanuddin', 'Amiruddin', 'Jumardi', 'Nurdin', 'Sultan', 'Muhtar'],
      given: ['Muh.', 'Muhammad', 'Ahmad', 'Andi', 'Abdul', 'Ilham', 'Syahrul', 'Rusdi', 'Arfan'],
      second: ['Yusuf', 'Arsyad', 'Rahman', 'Syahrir', 'Hamzah', "Ma'ruf", 'Rasyid', 'Basri', 'Jamaluddin', 'Tahir', 'Halim'],
      singleShare: 0.3,
    },
    F: {
      single: ['Hasnah', 'Besse', 'Nurmiati', 'Hasniati', 'Rosmini', 'Murni', 'Indo', 'Hadijah', 'Sitti'],
      given: ['Sitti', 'Andi', 'Nur', 'St.', 'Rini', 'Husna'],
      second: ['Rahmah', 'Aisyah', 'Hasnawati', 'Nurhayati', 'Rosmawati', 'Sakinah', 'Hamsiah', 'Jumriani', 'Nurfadillah'],
      singleShare: 0.35,
    },
  },
  malay: {
    M: {
      single: ['Ridwan', 'Zulkifli', 'Jufri', 'Mukhlis', 'Saharuddin', 'Junaidi', 'Sapri'],
      given: ['Muhammad', 'Ahmad', 'Abdul', 'Ilham', 'Fajar', 'Syaiful', 'Zainal', 'Hasan', 'Rizki', 'Lalu', 'Fauzan', 'Irfan', 'Khairul'],
      second: [
        'Rizki',
        'Fauzi',
        'Rahman',
        'Maulana',
        'Ramadhan',
        'Anwar',
        'Abidin',
        'Basri',
        'Hidayatullah',
        'Akbar',
        'Umam',
        'Zaini',
        "Ma'arif",
      ],
      singleShare: 0.15,
    },
    F: {
      single: ['Halimah', 'Maimunah', 'Rohani', 'Juleha', 'Zubaidah', 'Nurhasanah', 'Rahmawati', 'Zulaikha'],
      given: ['Siti', 'Nur', 'Nurul', 'Baiq', 'Fitri', 'Aisyah', 'Khadijah', 'Dewi', 'Sri', 'Rahma'],
      second: ['Fatimah', 'Hidayah', 'Aini', "Nur'aini", 'Handayani', 'Khairunnisa', 'Zahra', 'Hasanah', 'Mardiah', 'Safitri', 'Rahmi'],
      singleShare: 0.2,
    },
  },
  ntt: {
    M: {
      single: ['Yohanes', 'Petrus', 'Marselinus'],
      given: ['Yohanes', 'Fransiskus', 'Agustinus', 'Petrus', 'Yosef', 'Mikael', 'Dominikus', 'Aloysius', 'Yakobus', 'Kornelis'],
      second: ['Bria', 'Seran', 'Nahak', 'Tefa', 'Ndun', 'Lado', 'Bere', 'Tallo', 'Leki', 'Klau', 'Manek', 'Nope'],
      singleShare: 0.05,
    },
    F: {
      single: ['Yuliana', 'Maria'],
      given: ['Maria', 'Yuliana', 'Agustina', 'Veronika', 'Theresia', 'Yasinta', 'Elisabeth', 'Margaretha', 'Florentina', 'Adriana'],
      second: ['Bria', 'Seran', 'Nahak', 'Tefa', 'Ndun', 'Lado', 'Bere', 'Tallo', 'Leki', 'Klau', 'Manek', 'Nope'],
      singleShare: 0.05,
    },
  },
};

// Balinese names carry the birth order (Wayan, Made, Nyoman, Ketut and their variants).
const balineseOrder = ['Wayan', 'Putu', 'Gede', 'Made', 'Kadek', 'Nengah', 'Nyoman', 'Komang', 'Ketut'];
const balineseNames: Record<Sex, readonly string[]> = {
  M: ['Sudarma', 'Suardana', 'Artawan', 'Wirawan', 'Adnyana', 'Sukadana', 'Mertayasa', 'Budiarta', 'Suarjana', 'Sumerta', 'Darmawan'],
  F: ['Sukerti', 'Suartini', 'Ariani', 'Sumerti', 'Widiasih', 'Yuliantari', 'Sudiani', 'Rusmini', 'Ayu Lestari', 'Suarni', 'Puspitasari'],
};

// Batak people carry their clan (marga); women sometimes write it after "br." (boru).
const batakGiven: Record<Sex, readonly string[]> = {
  M: [
    'Hotman',
    'Parlindungan',
    'Tigor',
    'Sahat',
    'Maruli',
    'Jhonson',
    'Rudi',
    'Benny',
    'Marihot',
    'Sabar',
    'Togar',
    'Halomoan',
    'Daniel',
    'Roy',
  ],
  F: [
    'Rosmawati',
    'Tiurma',
    'Sondang',
    'Rumondang',
    'Lasmaria',
    'Roslina',
    'Ratna',
    'Nurmala',
    'Dormauli',
    'Marlina',
    'Hotnida',
    'Ruth',
    'Lenny',
  ],
};
const batakClans = [
  'Siregar',
  'Simanjuntak',
  'Nainggolan',
  'Sitorus',
  'Hutapea',
  'Pardede',
  'Sinaga',
  'Manurung',
  'Situmorang',
  'Simbolon',
  'Nasution',
  'Lubis',
  'Harahap',
  'Panjaitan',
  'Hutagalung',
  'Tampubolon',
  'Siahaan',
];

export function indonesianName(rng: Random, ethnicity: Ethnicity, sex: Sex): string {
  if (ethnicity === 'balinese') {
    const prefix = sex === 'M' ? 'I' : rng.chance(0.3) ? 'Ni Luh' : 'Ni';
    const order = rng.pick(balineseOrder);
    const extra = sex === 'F' && rng.chance(0.3) ? ' Ayu' : sex === 'M' && rng.chance(0.2) ? ' Gede' : '';
    const name = rng.pick(balineseNames[sex]);
    return `${prefix} ${order}${order === 'Gede' ? '' : extra} ${name}`;
  }
  if (ethnicity === 'batak') {
    const given = rng.pick(batakGiven[sex]);
    const clan = rng.pick(batakClans);
    return sex === 'F' && rng.chance(0.25) ? `${given} br. ${clan}` : `${given} ${clan}`;
  }
  const pool = pools[ethnicity][sex];
  if (rng.chance(pool.singleShare)) return rng.pick(pool.single);
  const given = rng.pick(pool.given);
  let second = rng.pick(pool.second);
  if (second === given) second = rng.pick(pool.second.filter((s) => s !== given));
  // Some names have a third word: "Muhammad Rizki Ramadhan", "Siti Nur Aisyah".
  if (rng.chance(0.15)) {
    const middle = rng.pick(pool.given.filter((g) => g !== given && !g.endsWith('.')));
    return `${given} ${middle} ${second}`;
  }
  return `${given} ${second}`;
}

export type ForeignNationality = 'KR' | 'CN' | 'JP' | 'MY' | 'IN';

const foreignPools: Record<ForeignNationality, (rng: Random, sex: Sex) => string> = {
  KR: (rng, sex) =>
    `${rng.pick(['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Yoon', 'Jang', 'Lim', 'Han'])} ${rng.pick(
      sex === 'M'
        ? ['Min-jun', 'Ji-hoon', 'Dong-hyun', 'Sung-ho', 'Jae-won', 'Hyun-woo']
        : ['Seo-yeon', 'Hye-jin', 'Soo-ah', 'Ji-young', 'Eun-ji', 'Min-seo'],
    )}`,
  CN: (rng, sex) =>
    `${rng.pick(['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu'])} ${rng.pick(
      sex === 'M' ? ['Wei', 'Lei', 'Jun', 'Qiang', 'Hao', 'Jianguo', 'Zhiyong'] : ['Fang', 'Jing', 'Min', 'Xiuying', 'Li', 'Yan', 'Na'],
    )}`,
  JP: (rng, sex) =>
    `${rng.pick(['Tanaka', 'Sato', 'Suzuki', 'Takahashi', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi'])} ${rng.pick(
      sex === 'M' ? ['Hiroshi', 'Kenji', 'Takeshi', 'Daisuke', 'Kazuya', 'Shota'] : ['Yuki', 'Aiko', 'Naoko', 'Emi', 'Haruka', 'Mayumi'],
    )}`,
  MY: (rng, sex) => {
    if (rng.chance(0.3)) {
      return `${rng.pick(['Tan', 'Lim', 'Wong', 'Lee', 'Ong', 'Goh'])} ${rng.pick(sex === 'M' ? ['Wei Ming', 'Chee Keong', 'Kok Leong'] : ['Mei Ling', 'Siew Lan', 'Hui Min'])}`;
    }
    const father = rng.pick(['Ismail', 'Ahmad', 'Hamzah', 'Osman', 'Yusof', 'Abdullah', 'Rahim']);
    return sex === 'M'
      ? `${rng.pick(['Mohd Hafiz', 'Ahmad Faizal', 'Muhammad Amirul', 'Khairul Anuar', 'Mohd Azlan'])} bin ${father}`
      : `${rng.pick(['Nurul Aina', 'Siti Nor Azizah', 'Farah Hanim', 'Nur Syafiqah', 'Aminah'])} binti ${father}`;
  },
  IN: (rng, sex) =>
    `${rng.pick(sex === 'M' ? ['Rahul', 'Suresh', 'Arjun', 'Vikram', 'Rajesh', 'Anil', 'Sanjay'] : ['Priya', 'Anjali', 'Deepa', 'Kavita', 'Sunita', 'Meera'])} ${rng.pick(['Sharma', 'Kumar', 'Nair', 'Iyer', 'Gupta', 'Reddy', 'Patel', 'Singh', 'Menon'])}`,
};

export function foreignName(rng: Random, nationality: ForeignNationality, sex: Sex): string {
  return foreignPools[nationality](rng, sex);
}
