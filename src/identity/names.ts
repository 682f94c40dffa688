/**
 * Personal names are one string. Many Indonesians have a single name and the order of
 * the parts carries no fixed meaning, so names are never split into first and last.
 */
import { type FieldIssue, issue } from '../kernel/errors.ts';

const MAX_NAME_LENGTH = 200;

// Letters that Unicode does not decompose into a base letter and a mark.
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  Æ: 'AE',
  æ: 'ae',
  Ð: 'D',
  ð: 'd',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'TH',
  þ: 'th',
};

/**
 * The key names are searched by: "Hj. Siti Nur'aini" → "HJ SITI NURAINI".
 * Apostrophes join (Nur'aini = Nuraini); other punctuation separates, so that "M.Yusuf"
 * and "M. Yusuf" give the same key.
 */
export function normalizeName(name: string): string {
  return name
    .replace(/['‘’ʼʻ`´＇]/g, '') // before NFKD, which turns ´ into a space and a mark
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ÆæÐðĐđĦħıŁłØøŒœÞþ]/g, (c) => UNDECOMPOSED[c] ?? c)
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .normalize('NFC'); // recompose scripts such as Hangul that NFKD spelled out
}

export function checkFullName(name: string, pointer: string): FieldIssue[] {
  const trimmed = name.trim();
  const length = Array.from(trimmed).length;
  if (length === 0) {
    return [issue(pointer, 'NAME_EMPTY', 'Full name is required.', 'Nama lengkap wajib diisi.')];
  }
  const issues: FieldIssue[] = [];
  if (length > MAX_NAME_LENGTH) {
    issues.push(
      issue(
        pointer,
        'NAME_TOO_LONG',
        `Full name must be at most ${MAX_NAME_LENGTH} characters; got ${length}.`,
        `Nama lengkap paling banyak ${MAX_NAME_LENGTH} karakter; diterima ${length}.`,
      ),
    );
  }
  if (!/\p{L}/u.test(trimmed)) {
    issues.push(
      issue(
        pointer,
        'NAME_WITHOUT_LETTER',
        'Full name must contain at least one letter.',
        'Nama lengkap harus memuat setidaknya satu huruf.',
      ),
    );
  }
  if (/\p{Cc}/u.test(trimmed)) {
    issues.push(
      issue(
        pointer,
        'NAME_CONTROL_CHARACTER',
        'Full name must not contain control characters such as tabs or line breaks.',
        'Nama lengkap tidak boleh memuat karakter kontrol seperti tab atau baris baru.',
      ),
    );
  }
  return issues;
}
