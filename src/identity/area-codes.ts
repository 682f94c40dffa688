/**
 * The official list of Indonesian areas (province, regency/city, district), read once per
 * process from the CSV files shipped by `idn-area-data`. Loading all three levels takes
 * a few tens of milliseconds, so it is fine to await at start-up.
 */
import { getDistricts, getProvinces, getRegencies } from 'idn-area-data';
import type { AreaCodes } from './nik.ts';

interface AreaCatalog {
  codes: AreaCodes;
  provinces: ReadonlySet<string>;
  regencies: ReadonlySet<string>;
  districts: ReadonlySet<string>;
  /** District codes per province, in the file's order. */
  districtsByProvince: ReadonlyMap<string, readonly string[]>;
}

let catalog: Promise<AreaCatalog> | undefined;

/** The same object for every caller: the files are read once per process. */
export async function loadAreaCodes(): Promise<AreaCodes> {
  return (await loadCatalog()).codes;
}

/**
 * Up to `perProvince` real district codes (6 digits) for every province, taken from
 * different regencies where the province has enough, for synthetic NIKs in demo data.
 * Keyed by the 2-digit province code; the same answer on every call.
 */
export async function areaCodeSamples(perProvince = 3): Promise<Record<string, string[]>> {
  const { districtsByProvince } = await loadCatalog();
  const samples: Record<string, string[]> = {};
  for (const [province, districts] of districtsByProvince) {
    samples[province] = spreadAcrossRegencies(districts, perProvince);
  }
  return samples;
}

function loadCatalog(): Promise<AreaCatalog> {
  catalog ??= readCatalog().catch((error: unknown) => {
    catalog = undefined; // let a later call try again instead of caching the failure
    throw error;
  });
  return catalog;
}

async function readCatalog(): Promise<AreaCatalog> {
  const [provinceRows, regencyRows, districtRows] = await Promise.all([getProvinces(), getRegencies(), getDistricts()]);
  const districtsByProvince = new Map<string, string[]>();
  const districts = new Set<string>();
  for (const row of districtRows) {
    const code = digitsOnly(row.code);
    districts.add(code);
    const province = code.slice(0, 2);
    const list = districtsByProvince.get(province) ?? [];
    list.push(code);
    districtsByProvince.set(province, list);
  }
  const provinces = new Set(provinceRows.map((row) => digitsOnly(row.code)));
  const regencies = new Set(regencyRows.map((row) => digitsOnly(row.code)));
  assertShape(provinces, regencies, districts);
  return {
    codes: {
      hasProvince: (code2) => provinces.has(code2),
      hasRegency: (code4) => regencies.has(code4),
      hasDistrict: (code6) => districts.has(code6),
    },
    provinces,
    regencies,
    districts,
    districtsByProvince,
  };
}

/** '11.01.01' → '110101' */
function digitsOnly(code: string): string {
  return code.replaceAll('.', '').trim();
}

/** A new package version with another layout must fail loudly at start-up, not reject every NIK. */
function assertShape(provinces: ReadonlySet<string>, regencies: ReadonlySet<string>, districts: ReadonlySet<string>): void {
  const wellFormed =
    provinces.size > 30 &&
    regencies.size > 400 &&
    districts.size > 6000 &&
    [...provinces].every((code) => /^[0-9]{2}$/.test(code)) &&
    [...regencies].every((code) => /^[0-9]{4}$/.test(code)) &&
    [...districts].every((code) => /^[0-9]{6}$/.test(code));
  if (!wellFormed) {
    throw new Error(
      `idn-area-data returned an unexpected area list (${provinces.size} provinces, ${regencies.size} regencies, ${districts.size} districts)`,
    );
  }
}

/** Round-robin over regencies so that samples do not all come from one regency. */
function spreadAcrossRegencies(districts: readonly string[], count: number): string[] {
  const byRegency = new Map<string, string[]>();
  for (const code of districts) {
    const regency = code.slice(0, 4);
    const list = byRegency.get(regency) ?? [];
    list.push(code);
    byRegency.set(regency, list);
  }
  const queues = [...byRegency.values()];
  const picked: string[] = [];
  for (let round = 0; picked.length < count && picked.length < districts.length; round++) {
    for (const queue of queues) {
      const code = queue[round];
      if (code !== undefined && picked.length < count) picked.push(code);
    }
  }
  return picked;
}
