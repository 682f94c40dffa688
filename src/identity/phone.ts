/**
 * Phone numbers are stored in E.164: '+', a country code, the subscriber number, 8–15
 * digits in all, nothing else. Workers abroad often have a foreign number, so the local
 * Indonesian form (0812…) is refused rather than guessed into +62.
 */
import { type FieldIssue, issue } from '../kernel/errors.ts';

const EXAMPLE = '+6281234567890';

export function checkPhone(phone: string, pointer: string): FieldIssue[] {
  if (/^\+[1-9][0-9]{7,14}$/.test(phone)) return [];
  return [issue(pointer, 'PHONE_FORMAT', ...explain(phone))];
}

/** The most useful single explanation of what is wrong, in English then Indonesian. */
function explain(phone: string): [en: string, id: string] {
  if (phone === '') {
    return [
      `Phone number must be in international format: + then 8 to 15 digits, e.g. ${EXAMPLE}; got an empty value.`,
      `Nomor telepon harus dalam format internasional: + lalu 8 sampai 15 digit, misalnya ${EXAMPLE}; yang diterima kosong.`,
    ];
  }
  if (/[\s\-().]/.test(phone)) {
    return [
      'Phone number must contain only + and digits, without spaces, dashes, dots or brackets.',
      'Nomor telepon hanya boleh berisi + dan angka, tanpa spasi, tanda hubung, titik, atau tanda kurung.',
    ];
  }
  if (/^0[0-9]*$/.test(phone)) {
    return [
      `Phone number must start with + and the country code, e.g. +62 for Indonesia: write 0812… as +62812…`,
      'Nomor telepon harus diawali + dan kode negara, misalnya +62 untuk Indonesia: tulis 0812… sebagai +62812…',
    ];
  }
  if (!/^\+?[0-9]*$/.test(phone)) {
    return [
      'Phone number must contain only + at the start and the digits 0–9.',
      'Nomor telepon hanya boleh berisi + di awal dan angka 0–9.',
    ];
  }
  if (!phone.startsWith('+')) {
    return [
      `Phone number must start with + and the country code, e.g. ${EXAMPLE}.`,
      `Nomor telepon harus diawali + dan kode negara, misalnya ${EXAMPLE}.`,
    ];
  }
  if (phone.startsWith('+0')) {
    return ['The country code after + cannot start with 0.', 'Kode negara setelah + tidak boleh diawali 0.'];
  }
  const digits = phone.length - 1;
  return [
    `Phone number must have 8 to 15 digits after +; got ${digits}.`,
    `Nomor telepon harus memiliki 8 sampai 15 digit setelah +; diterima ${digits}.`,
  ];
}
