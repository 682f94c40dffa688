import type { Language } from './i18n.ts';

/** The Intl locale each language formats dates and money with. */
const intlLocale: Record<Language, string> = {
  id: 'id-ID',
  en: 'en-GB',
  ko: 'ko-KR',
  'zh-Hant': 'zh-Hant-TW',
  ms: 'ms-MY',
};

export function localeOf(language: string): string {
  return intlLocale[language as Language] ?? 'id-ID';
}

/** A business date ('YYYY-MM-DD') in the reader's language, without a time-zone shift. */
export function formatDate(date: string | null | undefined, language: string): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant, in Jakarta time (the institution's books). */
export function formatDateTime(instant: string | null | undefined, language: string): string {
  if (!instant) return '—';
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(
    new Date(instant),
  );
}

/** Integer rupiah, e.g. "Rp 332.500" in Indonesian, "IDR 332,500" in English. */
export function formatRupiah(amount: number | null | undefined, language: string): string {
  if (amount === null || amount === undefined) return '—';
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(amount);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** A country's name in the reader's language. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([localeOf(language)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
