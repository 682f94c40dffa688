import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import id from './locales/id.ts';

export const languages = ['id', 'en', 'ko', 'zh-Hant', 'ms'] as const;
export type Language = (typeof languages)[number];

/** Each language's own name, for the switch. */
export const languageNames: Record<Language, string> = {
  id: 'Bahasa Indonesia',
  en: 'English',
  ko: '한국어',
  'zh-Hant': '繁體中文',
  ms: 'Bahasa Melayu',
};

// Indonesian ships with the app; the others load when chosen, so the first load stays small.
const loaders: Record<Exclude<Language, 'id'>, () => Promise<{ default: typeof id }>> = {
  en: () => import('./locales/en.ts'),
  ko: () => import('./locales/ko.ts'),
  'zh-Hant': () => import('./locales/zh-Hant.ts'),
  ms: () => import('./locales/ms.ts'),
};

const storageKey = 'lindung.language';

export function isLanguage(value: string | null): value is Language {
  return value !== null && (languages as readonly string[]).includes(value);
}

export function rememberedLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLanguage(stored)) return stored;
  } catch {
    // no storage: the default
  }
  return 'id';
}

async function ensureLoaded(language: Language): Promise<void> {
  if (language === 'id' || i18next.hasResourceBundle(language, 'translation')) return;
  const resources = await loaders[language]();
  i18next.addResourceBundle(language, 'translation', resources.default, true, true);
}

export async function initI18n(): Promise<void> {
  const language = rememberedLanguage();
  await i18next.use(initReactI18next).init({
    resources: { id: { translation: id } },
    lng: 'id',
    fallbackLng: 'id',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (language !== 'id') await changeLanguage(language);
  else document.documentElement.lang = 'id';
}

/** Switches the language, remembers it, and tells the page (screen readers, fonts). */
export async function changeLanguage(language: Language): Promise<void> {
  await ensureLoaded(language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // not remembered, but switched
  }
}

/** The Accept-Language the API gets: it answers in Indonesian or English. */
export function apiLanguage(language: string): string {
  return language === 'id' || language === 'ms' ? 'id' : 'en';
}
