import type { Localized } from './errors.ts';

export type MessageLanguage = keyof Localized;

/**
 * Picks the language of API messages from Accept-Language. Indonesian comes first
 * (the default with no header); Malay readers get Indonesian, which they read; any
 * other language gets English.
 */
export function messageLanguage(acceptLanguage: string | undefined): MessageLanguage {
  if (!acceptLanguage) return 'id';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.primary !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { primary } of ranked) {
    if (primary === 'id' || primary === 'in' || primary === 'ms') return 'id';
    if (primary === 'en') return 'en';
  }
  return ranked.length > 0 ? 'en' : 'id';
}
