import { Type } from '@sinclair/typebox';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isCountryCode } from '../kernel/countries.ts';
import type { FieldIssue } from '../kernel/errors.ts';
import { catalogue } from './catalogue.ts';

// ajv and ajv-formats are CommonJS; their classes are also exported as `default`.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

/** What every signed message carries around its document. */
export const Envelope = Type.Object(
  {
    type: Type.String({ pattern: '^[A-Z_]{1,40}$' }),
    version: Type.Integer({ minimum: 1 }),
    sender: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,63}$' }),
    messageId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$' }),
    sentAt: Type.String({ format: 'date-time' }),
    document: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

const envelopeValidator = ajv.compile(Envelope);
const documentValidators = new Map<string, ValidateFunction>(catalogue.map((entry) => [entry.type, ajv.compile(entry.schema)]));

function toIssues(errors: ErrorObject[] | null | undefined, prefix: string): FieldIssue[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
    const extra = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    const pointer = `${prefix}${e.instancePath}${missing}${extra}`;
    const code = e.keyword === 'required' ? 'FIELD_REQUIRED' : e.keyword === 'additionalProperties' ? 'FIELD_UNKNOWN' : 'SCHEMA_VIOLATION';
    const en = `${pointer || '(document)'} ${e.message ?? 'is not valid'}`;
    return { pointer, code, message: { en, id: `${pointer || '(dokumen)'} tidak sesuai skema: ${e.message ?? ''}`.trim() } };
  });
}

export function envelopeIssues(payload: unknown): FieldIssue[] {
  return envelopeValidator(payload) ? [] : toIssues(envelopeValidator.errors, '');
}

/** The document's issues against its type's JSON Schema, with pointers into the envelope. */
export function documentIssues(type: string, document: unknown, prefix = '/document'): FieldIssue[] {
  const validate = documentValidators.get(type);
  if (!validate) throw new Error(`no schema for ${type}`);
  if (!validate(document)) return toIssues(validate.errors, prefix);
  return unknownCountries(document, prefix);
}

const countryKeys = new Set(['country', 'issuingCountry', 'destinationCountry']);

/** Country fields hold two capitals by the schema; here they must also be real ISO 3166-1 codes. */
function unknownCountries(value: unknown, pointer: string, issues: FieldIssue[] = []): FieldIssue[] {
  if (value === null || typeof value !== 'object') return issues;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (countryKeys.has(key) && typeof child === 'string') {
      if (!isCountryCode(child)) {
        issues.push({
          pointer: `${pointer}/${key}`,
          code: 'UNKNOWN_COUNTRY',
          message: { en: `${child} is not an ISO 3166-1 country code.`, id: `${child} bukan kode negara ISO 3166-1.` },
        });
      }
    } else if (child !== null && typeof child === 'object') {
      unknownCountries(child, `${pointer}/${key}`, issues);
    }
  }
  return issues;
}
