import type { AppContext } from '../context.ts';
import { redriveDeadLetters } from '../outbox/service.ts';
import { catalogue } from './catalogue.ts';
import { documentToRow, fileColumnsOf } from './file-columns.ts';
import { templateCsv, templateXlsx } from './file-format.ts';
import { statusTopic } from './receive-message.ts';
import { Envelope } from './validate.ts';

// The partner gateway's public face.
export { type Applied, applyDocument, matchMember } from './apply-document.ts';
export { catalogue, catalogueEntry } from './catalogue.ts';
export { generatePartnerKey, type PartnerKeyPair, sendMessage, signMessage } from './client.ts';
export { type FileListQuery, listFiles } from './list-files.ts';
export { listLog } from './list-log.ts';
export { appendLog, verifyLog } from './log.ts';
export { type Answer, receiveMessage, rejectOversized, statusTopic } from './receive-message.ts';
export { joseMediaType, maxMessageBytes } from './rules.ts';

export function describeCatalogue() {
  return {
    version: 1 as const,
    envelope: Envelope as unknown as Record<string, unknown>,
    items: catalogue.map((entry) => ({
      type: entry.type,
      version: entry.version,
      direction: entry.direction,
      description: entry.description,
      senders: entry.senders,
      schema: entry.schema as unknown as Record<string, unknown>,
      example: entry.example,
      fileColumns: fileColumnsOf(entry.type),
    })),
  };
}

export { exchangeOutboxHandlers } from './deliver-status.ts';
export { type ImportProgress, type ImportReport, importFile, listImportRows, reportOf } from './import-file.ts';
export { departedWithoutProtection, partnerActivity } from './reports.ts';
export { type PartnerSimulator, startPartnerSimulator } from './simulator.ts';

/** The template of a document type's bulk file, as CSV or XLSX. */
export async function fileTemplate(type: string, format: 'csv' | 'xlsx'): Promise<Buffer | string | undefined> {
  const entry = catalogue.find((e) => e.type === type && e.direction === 'INBOUND');
  if (!entry) return undefined;
  const columns = fileColumnsOf(type);
  const example = documentToRow(type, entry.example);
  return format === 'xlsx' ? templateXlsx(columns, example) : templateCsv(columns, example);
}

/** Dead letters of the gateway's outbound deliveries, oldest first (their payloads hold no personal data). */
export async function listExchangeDeadLetters(ctx: AppContext, query: { cursor?: number; limit?: number }) {
  const limit = query.limit ?? 50;
  const rows = await ctx.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'attempts', 'last_error', 'created_at'])
    .where('status', '=', 'DEAD')
    .where('topic', 'like', 'exchange.%')
    .where('id', '>', query.cursor ?? 0)
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      topic: r.topic,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > limit ? Number(page.at(-1)?.id) : null,
  };
}

/** Puts the gateway's dead letters (all, or the listed ones) back in line. */
export function redriveExchangeDeadLetters(ctx: AppContext, ids?: number[]): Promise<number> {
  return redriveDeadLetters(ctx, { topic: statusTopic, ...(ids ? { ids } : {}) });
}
