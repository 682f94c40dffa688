import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { isCurrencyCode } from '../kernel/currencies.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { findPartnerByCode } from '../partners/service.ts';
import * as store from './store.ts';
import type { ChannelKind } from './tables.ts';

// The contributions module's public face.
export { coverageOn } from './coverage.ts';
export { importStatement } from './import-statement.ts';
export { type BillRequest, issueBill } from './issue-bill.ts';
export { listStatementLines } from './list-statement-lines.ts';
export { recordPayment } from './record-payment.ts';

export interface ChannelView {
  code: string;
  name: string;
  kind: ChannelKind;
  partnerCode: string | null;
  currency: string;
}

export async function createChannel(
  ctx: AppContext,
  input: { code: string; name: string; kind: ChannelKind; partnerCode?: string; currency?: string },
): Promise<{ channel: ChannelView; webhookSecret: string }> {
  const currency = input.currency ?? 'IDR';
  const issues = [];
  if (!isCurrencyCode(currency))
    issues.push(
      issue('/currency', 'UNKNOWN_CURRENCY', `${currency} is not an ISO 4217 currency.`, `${currency} bukan mata uang ISO 4217.`),
    );
  const partner = input.partnerCode ? await findPartnerByCode(ctx, input.partnerCode) : undefined;
  if (input.partnerCode && !partner) {
    issues.push(
      issue(
        '/partnerCode',
        'UNKNOWN_PARTNER',
        `No partner has the code ${input.partnerCode}.`,
        `Tidak ada mitra dengan kode ${input.partnerCode}.`,
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);
  const webhookSecret = randomBytes(32).toString('base64url');
  try {
    await ctx.db
      .insertInto('payment_channels')
      .values({
        code: input.code,
        name: input.name,
        kind: input.kind,
        partner_id: partner?.id ?? null,
        currency,
        webhook_secret: webhookSecret,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError('conflict', 'CHANNEL_CODE_TAKEN', {
        en: `A payment channel with code ${input.code} already exists.`,
        id: `Kanal pembayaran dengan kode ${input.code} sudah ada.`,
      });
    }
    throw error;
  }
  return { channel: { code: input.code, name: input.name, kind: input.kind, partnerCode: partner?.code ?? null, currency }, webhookSecret };
}

export async function listChannels(ctx: AppContext): Promise<ChannelView[]> {
  const rows = await ctx.db
    .selectFrom('payment_channels as c')
    .leftJoin('partners as p', 'p.id', 'c.partner_id')
    .select(['c.code', 'c.name', 'c.kind', 'p.code as partner_code', 'c.currency'])
    .orderBy('c.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, partnerCode: r.partner_code, currency: r.currency }));
}

/** The key a channel signs its notifications with (never leaves the server after creation). */
export async function channelSecret(ctx: AppContext, code: string): Promise<string | undefined> {
  return (await store.findChannel(ctx.db, code))?.webhook_secret;
}
