import { catalogueEntry } from './catalogue.ts';

/** Every top-level field of a document type: what an agreement allowing the whole document lists. */
export function allFieldsOf(documentType: string): string[] {
  const schema = catalogueEntry(documentType)?.schema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}
