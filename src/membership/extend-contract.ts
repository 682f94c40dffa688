import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { requirePmi } from './access.ts';
import { changeMember } from './change-member.ts';
import { resolveChannelPartner } from './channel.ts';
import type { ContractExtensionInput } from './schemas.ts';
import * as store from './store.ts';

/** A PMI extends the work contract abroad without going home; the placement runs on. */
export async function extendContract(
  ctx: AppContext,
  membershipNumber: string,
  input: ContractExtensionInput,
  principal: Principal | undefined,
  options: {
    /** What the extension came from (a partner's message), kept in its event: a retry of it can be recognised. */
    source?: string;
  } = {},
) {
  const issues: ReturnType<typeof issue>[] = [];
  const partner = await resolveChannelPartner(ctx, { type: input.channel, partnerCode: input.partnerCode }, principal, issues, {
    type: '/channel',
    partnerCode: '/partnerCode',
  });
  if (issues.length > 0) throw invalidInput(issues);
  return changeMember(ctx, membershipNumber, principal, 'contract.extended', async ({ trx, membership, now, actor }) => {
    requirePmi(membership);
    const placement = await store.findOpenPlacement(trx, membership.id);
    if (membership.pmi_phase !== 'DURING_PLACEMENT' || !placement) {
      throw new DomainError('conflict', 'NO_PLACEMENT_TO_EXTEND', {
        en: 'Only a PMI working abroad under a recorded placement can extend the contract.',
        id: 'Hanya PMI yang sedang bekerja di luar negeri dengan penempatan tercatat yang dapat memperpanjang kontrak.',
      });
    }
    if (input.newContractEnd <= placement.contract_end) {
      throw invalidInput([
        issue(
          '/newContractEnd',
          'EXTENSION_NOT_LATER',
          `The new contract end must be after the current one (${placement.contract_end}).`,
          `Akhir kontrak baru harus setelah akhir kontrak saat ini (${placement.contract_end}).`,
        ),
      ]);
    }
    await store.extendPlacement(trx, {
      placementId: placement.id,
      previousEnd: placement.contract_end,
      newEnd: input.newContractEnd,
      channel: input.channel,
      channelPartnerId: partner?.id ?? null,
      recordedBy: actor,
      recordedAt: now,
    });
    return {
      destinationCountry: placement.destination_country,
      previousEnd: placement.contract_end,
      newEnd: input.newContractEnd,
      channel: input.channel,
      partnerCode: partner?.code ?? null,
      ...(options.source ? { source: options.source } : {}),
    };
  });
}
