import { createHash } from 'node:crypto';
import { actorOf, type Principal } from '../auth/service.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import {
  checklistOf,
  type DocumentItem,
  detectMediaType,
  documentItems,
  type MediaType,
  maxDocumentBytes,
  mediaTypeOfName,
} from './rules.ts';
import * as store from './store.ts';
import { claimNotFound, visibleClaim } from './workflow.ts';

export interface UploadedDocument {
  item: DocumentItem;
  sha256: string;
  mediaType: MediaType;
  size: number;
  /** False when the same file was already stored (for this or another claim): it is kept once. */
  newContent: boolean;
  /** False when this file was already attached to this item of the claim. */
  attached: boolean;
}

/** The statuses in which documents may still be added: before the check, and for an appeal. */
const openForDocuments = new Set(['SUBMITTED', 'REJECTED', 'APPEALED']);

/**
 * Stores a document of a claim. Its type is read from its content (PDF, JPEG or PNG by
 * their magic bytes), never from its name: a file that is none of them is refused, and so
 * is one whose name or declared type says something else than its content. Stored once
 * per content (SHA-256), in the database, in one transaction with its attachment.
 */
export async function uploadDocument(
  ctx: AppContext,
  input: { claimNumber: string; item: string; fileName: string | null; declaredType: string | null; content: Uint8Array },
  principal: Principal | undefined,
): Promise<UploadedDocument> {
  if (input.content.length > maxDocumentBytes) throw documentTooLarge();
  if (input.content.length === 0) {
    throw invalidInput([issue('/file', 'EMPTY_FILE', 'The file is empty.', 'Berkas kosong.')]);
  }
  const detected = detectMediaType(input.content);
  if (!detected) {
    throw new DomainError('unsupported_media_type', 'UNSUPPORTED_DOCUMENT_TYPE', {
      en: 'A document is a PDF, JPEG or PNG file; the content of this one is none of them.',
      id: 'Dokumen berupa berkas PDF, JPEG atau PNG; isi berkas ini bukan salah satunya.',
    });
  }
  const issues = [];
  const byName = input.fileName ? mediaTypeOfName(input.fileName) : undefined;
  if (byName !== undefined && byName !== detected) {
    issues.push(
      issue(
        '/file',
        'DOCUMENT_TYPE_MISMATCH',
        `The file is named ${input.fileName} but its content is ${detected}.`,
        `Nama berkas ${input.fileName} tetapi isinya ${detected}.`,
      ),
    );
  }
  const declared = input.declaredType?.split(';')[0]?.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== detected) {
    issues.push(
      issue(
        '/file',
        'DOCUMENT_TYPE_MISMATCH',
        `The file is sent as ${declared} but its content is ${detected}.`,
        `Berkas dikirim sebagai ${declared} tetapi isinya ${detected}.`,
      ),
    );
  }
  if (!documentItems.includes(input.item as DocumentItem)) {
    issues.push(
      issue('/item', 'UNKNOWN_DOCUMENT_ITEM', `One of ${documentItems.join(', ')}.`, `Salah satu dari ${documentItems.join(', ')}.`),
    );
  }
  const claim = await visibleClaim(ctx, ctx.db, input.claimNumber, principal);
  const checklist = checklistOf(claim.claim_type, claim.facts.jhtReason);
  if (documentItems.includes(input.item as DocumentItem) && !checklist.includes(input.item as DocumentItem)) {
    issues.push(
      issue(
        '/item',
        'NOT_ON_CHECKLIST',
        `A ${claim.claim_type} claim asks for: ${checklist.join(', ')}.`,
        `Klaim ${claim.claim_type} memerlukan: ${checklist.join(', ')}.`,
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);
  if (!openForDocuments.has(claim.status)) {
    throw new DomainError('conflict', 'DOCUMENTS_CLOSED', {
      en: `Claim ${claim.claim_number} is ${claim.status}: its documents were checked already.`,
      id: `Klaim ${claim.claim_number} berstatus ${claim.status}: dokumennya sudah diperiksa.`,
    });
  }
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const newContent = await store.storeBlob(trx, { sha256, mediaType: detected, content: input.content });
    const attached = await store.attachDocument(trx, {
      claimId: claim.id,
      item: input.item,
      sha256,
      fileName: input.fileName?.slice(0, 200) ?? null,
      uploadedBy: actorOf(principal),
      uploadedAt: now,
    });
    return { newContent, attached };
  });
  return { item: input.item as DocumentItem, sha256, mediaType: detected, size: input.content.length, ...result };
}

export function documentTooLarge(): DomainError {
  return new DomainError('payload_too_large', 'DOCUMENT_TOO_LARGE', {
    en: `A document is at most ${maxDocumentBytes / 1024 / 1024} MiB.`,
    id: `Dokumen paling besar ${maxDocumentBytes / 1024 / 1024} MiB.`,
  });
}

/** A document's content, for whoever may see the claim. */
export async function readDocument(ctx: AppContext, claimNumber: string, sha256: string, principal: Principal | undefined) {
  const claim = await visibleClaim(ctx, ctx.db, claimNumber, principal);
  const found = /^[0-9a-f]{64}$/.test(sha256) ? await store.findDocumentContent(ctx.db, claim.id, sha256) : undefined;
  if (!found) throw claimNotFound(`${claimNumber}/${sha256.slice(0, 12)}`);
  return { mediaType: found.media_type, content: Buffer.from(found.content), fileName: found.file_name };
}
