/**
 * Real district codes (for synthetic NIKs) with the names of their district, regency and
 * province (for birth places and home addresses).
 */
import { getDistricts, getProvinces, getRegencies } from 'idn-area-data';
import { areaCodeSamples } from '../identity/area-codes.ts';

export interface DemoArea {
  /** 6 digits: province, regency, district. */
  code: string;
  district: string;
  /** 'Kabupaten Malang', 'Kota Batam'. */
  regency: string;
  /** The regency without 'Kabupaten'/'Kota', as a birth place is written: 'Malang'. */
  town: string;
  province: string;
}

/** Keyed by the 2-digit province code. */
export type DemoAreas = ReadonlyMap<string, readonly DemoArea[]>;

export async function loadDemoAreas(perProvince = 100): Promise<DemoAreas> {
  const [samples, provinces, regencies, districts] = await Promise.all([
    areaCodeSamples(perProvince),
    getProvinces(),
    getRegencies(),
    getDistricts(),
  ]);
  const digits = (code: string) => code.replaceAll('.', '');
  const provinceNames = new Map(provinces.map((p) => [digits(p.code), titleCase(p.name)]));
  const regencyNames = new Map(regencies.map((r) => [digits(r.code), titleCase(r.name)]));
  const districtNames = new Map(districts.map((d) => [digits(d.code), d.name]));
  const areas = new Map<string, DemoArea[]>();
  for (const [province, codes] of Object.entries(samples)) {
    areas.set(
      province,
      codes.map((code) => {
        const regency = regencyNames.get(code.slice(0, 4)) ?? '';
        return {
          code,
          district: districtNames.get(code) ?? '',
          regency,
          town: regency.replace(/^(Kabupaten|Kota)( Administrasi)? /, ''),
          province: provinceNames.get(province) ?? '',
        };
      }),
    );
  }
  return areas;
}

const keepUpperCase = new Set(['dki']);
const keepLowerCase = new Set(['dan']);

/** 'KABUPATEN PANGKAJENE DAN KEPULAUAN' → 'Kabupaten Pangkajene dan Kepulauan'. */
function titleCase(name: string): string {
  return name
    .toLowerCase()
    .split(' ')
    .map((word) => {
      if (keepUpperCase.has(word)) return word.toUpperCase();
      if (keepLowerCase.has(word)) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
}
