import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';

/** The partner with this code, or 404. */
export async function requirePartner(ctx: Pick<AppContext, 'db'>, code: string) {
  const partner = await ctx.db
    .selectFrom('partners')
    .select(['id', 'code', 'name', 'type', 'country', 'endpoint_url'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!partner) {
    throw new DomainError('not_found', 'PARTNER_NOT_FOUND', {
      en: `No partner has the code ${code}.`,
      id: `Tidak ada mitra dengan kode ${code}.`,
    });
  }
  return partner;
}
