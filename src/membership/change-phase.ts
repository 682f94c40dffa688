import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { requirePmi } from './access.ts';
import { changeMember } from './change-member.ts';
import { checkPlacement } from './register-member.ts';
import { canChangePhase } from './rules.ts';
import type { PhaseChangeInput } from './schemas.ts';
import * as store from './store.ts';

/**
 * Moves a PMI through the phases: departure starts the placement, the return home ends it.
 * A new cycle (after → before or during) may bring a new placement.
 */
export async function changePhase(ctx: AppContext, membershipNumber: string, input: PhaseChangeInput, principal: Principal | undefined) {
  if (input.placement) {
    const issues = checkPlacement(input.placement, '/placement');
    if (issues.length > 0) throw invalidInput(issues);
  }
  return changeMember(ctx, membershipNumber, principal, 'phase.changed', async ({ trx, membership, today }) => {
    requirePmi(membership);
    const from = membership.pmi_phase;
    if (!from || !canChangePhase(from, input.phase)) {
      throw new DomainError('conflict', 'PHASE_CHANGE_NOT_ALLOWED', {
        en: `A PMI cannot go from ${from} to ${input.phase}.`,
        id: `PMI tidak dapat berpindah dari ${from} ke ${input.phase}.`,
      });
    }
    const effectiveDate = input.effectiveDate ?? today;
    let open = await store.findOpenPlacement(trx, membership.id);
    if (input.placement) {
      if (open && from !== 'AFTER_PLACEMENT') {
        throw invalidInput([
          issue(
            '/placement',
            'PLACEMENT_ALREADY_OPEN',
            'The member already has an open placement; record a move to change it.',
            'Peserta sudah memiliki penempatan aktif; catat kepindahan untuk mengubahnya.',
          ),
        ]);
      }
      if (open) await store.endPlacement(trx, open.id, effectiveDate, 'RETURNED');
      await store.insertPlacement(trx, membership.id, input.placement, open?.id ?? null);
      open = await store.findOpenPlacement(trx, membership.id);
    }
    if (input.phase === 'DURING_PLACEMENT' && !open) {
      throw invalidInput([
        issue(
          '/placement',
          'FIELD_REQUIRED',
          'Going abroad needs the placement (destination and contract).',
          'Berangkat ke luar negeri memerlukan data penempatan (negara tujuan dan kontrak).',
        ),
      ]);
    }
    if (input.phase === 'DURING_PLACEMENT' && !(await store.hasPassport(trx, membership.person_id))) {
      throw new DomainError('conflict', 'PASSPORT_REQUIRED', {
        en: 'Record the worker’s passport before the placement abroad starts.',
        id: 'Catat paspor pekerja sebelum penempatan di luar negeri dimulai.',
      });
    }
    if (input.phase === 'AFTER_PLACEMENT' && open) await store.endPlacement(trx, open.id, effectiveDate, 'RETURNED');
    await store.setPhase(trx, membership.id, input.phase);
    return { from, to: input.phase, effectiveDate, destinationCountry: open?.destination_country ?? null };
  });
}
