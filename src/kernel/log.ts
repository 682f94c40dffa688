import type { LoggerOptions } from 'pino';

// A NIK is 16 digits; no other value we log has that shape. Passport numbers are masked
// by field name.
const nikPattern = /\b(\d{6})\d{10}\b/g;

export function scrubIdentifiers(text: string): string {
  return text.replace(nikPattern, '$1**********');
}

/** pino options: personal identifiers never reach the log. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.nik',
        '*.passport',
        '*.passportNumber',
        '*.password',
        '*.bankAccount',
        '*.*.nik',
        '*.*.passport',
      ],
      censor: '[redacted]',
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubIdentifiers(a) : a));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
}
