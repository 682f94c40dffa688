import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { type FieldIssue, issue } from '../kernel/errors.ts';
import { findPartnerByCode, findPartnerById, type Partner } from '../partners/service.ts';
import { channelPartners, type RegistrationChannel } from './rules.ts';

/** Where the channel's two fields sit in the request body, for the field issues. */
export interface ChannelPointers {
  type: string;
  partnerCode: string;
}

const registrationPointers: ChannelPointers = { type: '/channel/type', partnerCode: '/channel/partnerCode' };

/**
 * The partner named by the channel. Partner users always register through their own
 * partner; self-service channels are only for the workers themselves.
 */
export async function resolveChannelPartner(
  ctx: AppContext,
  channel: { type: RegistrationChannel; partnerCode?: string | undefined },
  principal: Principal | undefined,
  issues: FieldIssue[],
  pointers: ChannelPointers = registrationPointers,
): Promise<Partner | undefined> {
  const selfService = channel.type === 'SELF_SERVICE_WEB' || channel.type === 'SELF_SERVICE_APP';
  if (principal?.kind === 'member' && !selfService) {
    issues.push(
      issue(
        pointers.type,
        'CHANNEL_NOT_ALLOWED',
        'A worker acting for themselves records a self-service channel (SELF_SERVICE_WEB or SELF_SERVICE_APP).',
        'Pekerja yang bertindak sendiri mencatat kanal layanan mandiri (SELF_SERVICE_WEB atau SELF_SERVICE_APP).',
      ),
    );
    return undefined;
  }
  if (principal?.kind === 'staff' && selfService) {
    issues.push(
      issue(
        pointers.type,
        'CHANNEL_NOT_ALLOWED',
        'Staff cannot record a self-service channel; use OFFICER or the partner channel.',
        'Petugas tidak dapat mencatat kanal layanan mandiri; gunakan OFFICER atau kanal mitra.',
      ),
    );
    return undefined;
  }
  let code = channel.partnerCode;
  if (principal?.kind === 'staff' && principal.role === 'PARTNER_USER') {
    if (channel.type === 'OFFICER') {
      issues.push(
        issue(
          pointers.type,
          'CHANNEL_NOT_ALLOWED',
          'A partner user registers through the partner channel, not OFFICER.',
          'Pengguna mitra mendaftarkan melalui kanal mitra, bukan OFFICER.',
        ),
      );
      return undefined;
    }
    const own = principal.partnerId ? await findPartnerById(ctx, principal.partnerId) : undefined;
    if (code !== undefined && code !== own?.code) {
      issues.push(
        issue(
          pointers.partnerCode,
          'NOT_YOUR_PARTNER',
          'A partner user registers only for their own partner.',
          'Pengguna mitra hanya mendaftarkan untuk mitranya sendiri.',
        ),
      );
      return undefined;
    }
    code = own?.code;
  }
  const expected = channelPartners[channel.type];
  if (code === undefined) {
    if (expected?.required) {
      issues.push(
        issue(
          pointers.partnerCode,
          'FIELD_REQUIRED',
          `The channel ${channel.type} must name its partner.`,
          `Kanal ${channel.type} harus menyebutkan mitranya.`,
        ),
      );
    }
    return undefined;
  }
  if (!expected) {
    issues.push(
      issue(
        pointers.partnerCode,
        'PARTNER_NOT_EXPECTED',
        `The channel ${channel.type} goes through no partner.`,
        `Kanal ${channel.type} tidak melalui mitra.`,
      ),
    );
    return undefined;
  }
  const partner = await findPartnerByCode(ctx, code);
  if (!partner) {
    issues.push(issue(pointers.partnerCode, 'UNKNOWN_PARTNER', `No partner has the code ${code}.`, `Tidak ada mitra dengan kode ${code}.`));
    return undefined;
  }
  if (!expected.types.includes(partner.type)) {
    const types = expected.types.join(' / ');
    issues.push(
      issue(
        pointers.partnerCode,
        'PARTNER_TYPE_MISMATCH',
        `The channel ${channel.type} needs a partner of type ${types}; ${code} is ${partner.type}.`,
        `Kanal ${channel.type} memerlukan mitra bertipe ${types}; ${code} bertipe ${partner.type}.`,
      ),
    );
    return undefined;
  }
  return partner;
}
