/** The messages between the API's process and the linkage process (`linkage-child.ts`). */
import { DomainError, type ErrorKind, type FieldIssue, type Localized } from '../kernel/errors.ts';
import type { LinkRecord } from './comparisons.ts';
import type { DecisionRow, LinkageCounts, LinkageOptions } from './duckdb-engine.ts';
import type { LinkageModel } from './model.ts';

/** A source as it crosses over: records are sent ahead in `records` messages. */
export type SourceOverChannel = { kind: 'csv'; path: string; idColumn: string } | { kind: 'records' };

export type ParentMessage =
  | { op: 'records'; side: 'left' | 'right'; rows: LinkRecord[] }
  | {
      op: 'run';
      options: Omit<LinkageOptions, 'left' | 'right' | 'onProgress'> & { left: SourceOverChannel; right?: SourceOverChannel };
    }
  | { op: 'writeCsv'; id: number; path: string; options: { includeReview?: boolean } }
  | { op: 'nextDecisions'; id: number }
  | { op: 'close' };

export type ChildMessage =
  | { op: 'progress'; stage: string; step: number; steps: number }
  | { op: 'ready'; model: LinkageModel; counts: LinkageCounts }
  | { op: 'result'; id: number; value: number | DecisionRow[] | null }
  /** id 0: the run itself failed. */
  | { op: 'failed'; id: number; error: SerializedError };

export type SerializedError =
  | {
      domain: true;
      kind: ErrorKind;
      code: string;
      title: Localized;
      issues: FieldIssue[];
      extensions: Record<string, unknown>;
    }
  | { domain: false; message: string };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof DomainError) {
    return { domain: true, kind: error.kind, code: error.code, title: error.title, issues: error.issues, extensions: error.extensions };
  }
  return { domain: false, message: error instanceof Error ? error.message : String(error) };
}

export function deserializeError(error: SerializedError): Error {
  return error.domain
    ? new DomainError(error.kind, error.code, error.title, { issues: error.issues, extensions: error.extensions })
    : new Error(`linkage process: ${error.message}`);
}
