/**
 * Indonesian names made comparable. A name is reduced to the person's own name tokens,
 * each spelled as a "sound key" in which the spelling variants of the last century meet,
 * and the parts that say something else than who the person is are set apart: the
 * honorific of a pilgrim (H., Hj.), the father's name after bin/binti, the Balinese
 * birth-order name and the Batak clan name. Word order carries no meaning (`key` is the
 * tokens sorted). Pure: no I/O.
 */
import { normalizeName } from '../identity/names.ts';

export interface HarmonizedName {
  /** The person's own name tokens as sound keys, in written order. */
  tokens: string[];
  /** The tokens sorted and joined by one space: the same for every word order. */
  key: string;
  /** The father's name after bin/binti (sound keys joined), when written. */
  father: string | null;
  /** The Batak clan name (marga), when written. */
  clan: string | null;
  /** The Balinese birth order: 1 Wayan/Putu/Gede, 2 Made/Kadek/Nengah, 3 Nyoman/Komang, 4 Ketut. */
  birthOrder: 1 | 2 | 3 | 4 | null;
}

/** Titles written before a name: the pilgrim's H./Hj. and a few academic or religious ones. */
export const honorifics: ReadonlySet<string> = new Set([
  'H',
  'HJ',
  'HAJI',
  'HAJAH',
  'HAJJAH',
  'KH',
  'DR',
  'DRS',
  'DRA',
  'IR',
  'PROF',
  'UST',
  'USTADZ',
  'USTADZAH',
]);

/** "son of" / "daughter of": what follows is the father's name. */
export const patronymicMarkers: ReadonlySet<string> = new Set(['BIN', 'BINTI', 'BINT', 'BINTE', 'BT', 'BTE']);

/** Balinese birth-order names and the order they give. */
export const balineseBirthOrder: ReadonlyMap<string, 1 | 2 | 3 | 4> = new Map([
  ['WAYAN', 1],
  ['PUTU', 1],
  ['GEDE', 1],
  ['ILUH', 1],
  ['MADE', 2],
  ['KADEK', 2],
  ['NENGAH', 2],
  ['NYOMAN', 3],
  ['KOMANG', 3],
  ['KETUT', 4],
] as const);

/** Written before a Balinese birth-order name: I (men), Ni and Luh (women). */
const balinesePrefixes: ReadonlySet<string> = new Set(['I', 'NI', 'LUH']);

/** The common Batak clan names (marga), as normalized; two-word ones are joined. */
export const batakClans: ReadonlySet<string> = new Set([
  'AMBARITA',
  'BANJARNAHOR',
  'BUTARBUTAR',
  'DALIMUNTHE',
  'DAMANIK',
  'GINTING',
  'GULTOM',
  'HARAHAP',
  'HASIBUAN',
  'HUTABARAT',
  'HUTAGALUNG',
  'HUTAGAOL',
  'HUTAPEA',
  'HUTAURUK',
  'LUBIS',
  'MANURUNG',
  'MARPAUNG',
  'NABABAN',
  'NAINGGOLAN',
  'NAPITUPULU',
  'NASUTION',
  'PANGGABEAN',
  'PANJAITAN',
  'PARDEDE',
  'PASARIBU',
  'PERANGINANGIN',
  'POHAN',
  'PURBA',
  'RANGKUTI',
  'SAGALA',
  'SARAGIH',
  'SEMBIRING',
  'SIAGIAN',
  'SIAHAAN',
  'SIANTURI',
  'SIBARANI',
  'SIHOMBING',
  'SIHOTANG',
  'SILALAHI',
  'SIMAMORA',
  'SIMANJUNTAK',
  'SIMATUPANG',
  'SIMBOLON',
  'SINAGA',
  'SIPAHUTAR',
  'SIREGAR',
  'SITANGGANG',
  'SITEPU',
  'SITOMPUL',
  'SITORUS',
  'SITUMORANG',
  'TAMBUNAN',
  'TAMPUBOLON',
  'TARIGAN',
]);

/** Clan names written as two words or with a hyphen (Perangin-angin, Butar Butar). */
const twoWordClans: ReadonlyMap<string, string> = new Map([
  ['PERANGIN ANGIN', 'PERANGINANGIN'],
  ['BUTAR BUTAR', 'BUTARBUTAR'],
]);

/** "Boru" (daughter of the clan), written before a woman's clan name: Maria br. Sitorus. */
const clanMarkers: ReadonlySet<string> = new Set(['BR', 'BORU']);

/** Short forms of Muhammad that are not spelled out. */
const muhammadAbbreviations: ReadonlySet<string> = new Set(['MUH', 'MOH', 'MHD', 'MUHD', 'MOHD', 'MOCH', 'MOKH', 'MUCH']);

/** Spelled-out forms: Muhammad, Muhamad, Mohammad, Mohamed, Mochammad, Moehammad, … */
const muhammadSpelled = /^M(?:U|O|OE)(?:C|K)?H{1,2}[AE]M{1,2}[AE]D$/;

export const MUHAMMAD_KEY = 'MUHAMAD';

/**
 * The sound key of one name token. The spelling reforms of 1947 and 1972 changed
 * oe→u, dj→j, tj→c, nj→ny, sj→sy, ch→kh and j→y; old spellings live on in names
 * (Soekarno, Djoko, Tjahjono, Chairul, Jusuf). Keys undo them, treat j and y as one
 * letter (Djoko → Joko and Jusuf → Yusuf both meet), and write doubled letters once.
 */
export function soundKey(token: string): string {
  return token
    .replaceAll('OE', 'U')
    .replaceAll('DJ', 'J')
    .replaceAll('TJ', 'C')
    .replaceAll('NJ', 'NY')
    .replaceAll('SJ', 'SY')
    .replaceAll('CH', 'KH')
    .replaceAll('J', 'Y')
    .replace(/(.)\1+/gu, '$1');
}

function isMuhammad(token: string, isLast: boolean): boolean {
  if (muhammadAbbreviations.has(token) || muhammadSpelled.test(token)) return true;
  // A lone "M" before other names is the usual initial of Muhammad (M. Yusuf).
  return token === 'M' && !isLast;
}

/** `normalizeName`, with a shortcut for plain ASCII (most names), which gives the same key faster. */
function normalized(raw: string): string {
  if (!/^[\x20-\x7e]*$/.test(raw)) return normalizeName(raw);
  return raw
    .replace(/['`]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

export function harmonizeName(raw: string): HarmonizedName {
  let words = normalized(raw)
    .split(' ')
    .filter((w) => w.length > 0);
  let joined = words.join(' ');
  for (const [spaced, single] of twoWordClans) joined = joined.replaceAll(spaced, single);
  words = joined.split(' ').filter((w) => w.length > 0);

  while (words.length > 1 && honorifics.has(words[0] as string)) words = words.slice(1);

  let father: string | null = null;
  const marker = words.findIndex((w, i) => i > 0 && i < words.length - 1 && patronymicMarkers.has(w));
  if (marker > 0) {
    father = words
      .slice(marker + 1)
      .map((w, i, all) => (isMuhammad(w, i === all.length - 1) ? MUHAMMAD_KEY : soundKey(w)))
      .join(' ');
    words = words.slice(0, marker);
  }

  let clan: string | null = null;
  const boru = words.findIndex((w, i) => i > 0 && i < words.length - 1 && clanMarkers.has(w));
  if (boru > 0) {
    clan = words[boru + 1] as string;
    words = [...words.slice(0, boru), ...words.slice(boru + 2)];
  } else if (words.length > 1) {
    const at = words.findLastIndex((w, i) => i > 0 && batakClans.has(w));
    if (at > 0) {
      clan = words[at] as string;
      words = [...words.slice(0, at), ...words.slice(at + 1)];
    }
  }

  let birthOrder: 1 | 2 | 3 | 4 | null = null;
  let start = 0;
  while (start < words.length - 1 && balinesePrefixes.has(words[start] as string)) start++;
  const order = balineseBirthOrder.get(words[start] as string);
  if (order !== undefined && (start > 0 || words.length > 1)) {
    birthOrder = order;
    // Ni Luh Putu Sari: every birth-order word that follows is part of the same prefix.
    let end = start + 1;
    while (end < words.length - 1 && balineseBirthOrder.has(words[end] as string)) end++;
    // A name that is nothing but a birth-order name keeps it as the name.
    words = end < words.length ? words.slice(end) : words.slice(start);
  }

  const tokens = words.map((w, i) => (isMuhammad(w, i === words.length - 1) ? MUHAMMAD_KEY : soundKey(w)));
  return {
    tokens,
    key: [...tokens].sort().join(' '),
    father,
    clan: clan === null ? null : soundKey(clan),
    birthOrder,
  };
}
