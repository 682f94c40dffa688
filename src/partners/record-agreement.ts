import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { DomainError, type FieldIssue, invalidInput, issue } from '../kernel/errors.ts';
import { requirePartner } from './require-partner.ts';
import {
  type AgreementKind,
  type AgreementStanding,
  addYears,
  agreementStanding,
  dayBefore,
  documentTypes,
  type Permission,
  typicalAgreementYears,
} from './rules.ts';
import * as store from './store.ts';

export interface AgreementInput {
  kind: AgreementKind;
  reference: string;
  signedOn: string;
  validFrom?: string | undefined;
  validTo?: string | undefined;
  scope: string;
  permissions: Permission[];
}

export interface AgreementView {
  id: string;
  kind: AgreementKind;
  reference: string;
  signedOn: string;
  validFrom: string;
  validTo: string;
  scope: string;
  permissions: Permission[];
  status: 'ACTIVE' | 'SUSPENDED';
  suspendedReason: string | null;
  standing: AgreementStanding;
}

type AgreementRow = Awaited<ReturnType<typeof store.listAgreements>>[number];

export function agreementView(row: AgreementRow, today: string): AgreementView {
  return {
    id: row.id,
    kind: row.kind,
    reference: row.reference,
    signedOn: row.signed_on,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    scope: row.scope,
    permissions: row.permissions,
    status: row.status,
    suspendedReason: row.suspended_reason,
    standing: agreementStanding(row, today),
  };
}

/**
 * Records an MoU or cooperation agreement: its term (three years from signature unless
 * stated) and which document types the partner may send or receive, with which fields.
 */
export async function recordAgreement(ctx: AppContext, partnerCode: string, input: AgreementInput): Promise<AgreementView> {
  const partner = await requirePartner(ctx, partnerCode);
  const validFrom = input.validFrom ?? input.signedOn;
  const validTo = input.validTo ?? dayBefore(addYears(input.signedOn, typicalAgreementYears));
  const issues: FieldIssue[] = [];
  if (validTo <= validFrom) {
    issues.push(
      issue(
        '/validTo',
        'AGREEMENT_ENDS_BEFORE_START',
        `The agreement must end after ${validFrom}.`,
        `Perjanjian harus berakhir setelah ${validFrom}.`,
      ),
    );
  }
  const seen = new Set<string>();
  input.permissions.forEach((permission, index) => {
    if (!(documentTypes as readonly string[]).includes(permission.documentType)) {
      issues.push(
        issue(
          `/permissions/${index}/documentType`,
          'UNKNOWN_DOCUMENT_TYPE',
          `${permission.documentType} is not in the document catalogue (${documentTypes.join(', ')}).`,
          `${permission.documentType} tidak ada dalam katalog dokumen (${documentTypes.join(', ')}).`,
        ),
      );
    }
    const key = `${permission.documentType}/${permission.direction}`;
    if (seen.has(key)) {
      issues.push(issue(`/permissions/${index}`, 'DUPLICATE_PERMISSION', `${key} is listed twice.`, `${key} tercantum dua kali.`));
    }
    seen.add(key);
  });
  if (issues.length > 0) throw invalidInput(issues);
  try {
    const row = await store.insertAgreement(ctx.db, { ...input, partnerId: partner.id, validFrom, validTo });
    return agreementView(row, ctx.clock.today());
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'AGREEMENT_REFERENCE_TAKEN', {
        en: `${partnerCode} already has an agreement ${input.reference}.`,
        id: `${partnerCode} sudah memiliki perjanjian ${input.reference}.`,
      });
    }
    throw error;
  }
}

export async function listAgreements(ctx: AppContext, partnerCode: string): Promise<AgreementView[]> {
  const partner = await requirePartner(ctx, partnerCode);
  const today = ctx.clock.today();
  return (await store.listAgreements(ctx.db, partner.id)).map((row) => agreementView(row, today));
}

/** Suspends an agreement (its exchanges stop at once) or lifts the suspension. */
export async function setAgreementSuspension(
  ctx: AppContext,
  partnerCode: string,
  agreementId: string,
  input: { suspended: boolean; reason?: string | undefined },
): Promise<AgreementView> {
  const partner = await requirePartner(ctx, partnerCode);
  const own = (await store.listAgreements(ctx.db, partner.id)).some((a) => a.id === agreementId);
  const row = own
    ? await store.setAgreementStatus(
        ctx.db,
        agreementId,
        input.suspended ? 'SUSPENDED' : 'ACTIVE',
        input.suspended ? (input.reason ?? null) : null,
      )
    : undefined;
  if (!row) {
    throw new DomainError('not_found', 'AGREEMENT_NOT_FOUND', {
      en: `${partnerCode} has no agreement ${agreementId}.`,
      id: `${partnerCode} tidak memiliki perjanjian ${agreementId}.`,
    });
  }
  return agreementView(row, ctx.clock.today());
}

/**
 * The agreement under which a partner may move a document type in a direction, and how it
 * stands today. An agreement in force wins over one that is not.
 */
export async function agreementFor(
  ctx: Pick<AppContext, 'db'>,
  partnerId: string,
  documentType: string,
  direction: 'SEND' | 'RECEIVE',
  today: string,
): Promise<{ standing: AgreementStanding; reference: string; fields: string[] } | undefined> {
  const rows = await store.listAgreements(ctx.db, partnerId);
  let best: { standing: AgreementStanding; reference: string; fields: string[] } | undefined;
  for (const row of rows) {
    const permission = row.permissions.find((p) => p.documentType === documentType && p.direction === direction);
    if (!permission) continue;
    const standing = agreementStanding(row, today);
    if (standing === 'IN_FORCE') return { standing, reference: row.reference, fields: permission.fields };
    best ??= { standing, reference: row.reference, fields: permission.fields };
  }
  return best;
}
