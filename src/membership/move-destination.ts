import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { DomainError, invalidInput, issue } from '../kernel/errors.ts';
import { requirePmi } from './access.ts';
import { changeMember } from './change-member.ts';
import { checkPlacement } from './register-member.ts';
import type { MoveInput } from './schemas.ts';
import * as store from './store.ts';

/**
 * A PMI moves to another destination country: the old placement ends, a new one starts,
 * linked to it. The membership (and so the protection) follows the worker.
 */
export async function moveDestination(ctx: AppContext, membershipNumber: string, input: MoveInput, principal: Principal | undefined) {
  const issues = checkPlacement(input.placement, '/placement');
  if (input.placement.contractStart < input.movedOn) {
    issues.push(
      issue(
        '/placement/contractStart',
        'CONTRACT_BEFORE_MOVE',
        'The new contract cannot start before the move.',
        'Kontrak baru tidak dapat dimulai sebelum kepindahan.',
      ),
    );
  }
  if (issues.length > 0) throw invalidInput(issues);
  return changeMember(ctx, membershipNumber, principal, 'placement.moved', async ({ trx, membership }) => {
    requirePmi(membership);
    const current = await store.findOpenPlacement(trx, membership.id);
    if (!current) {
      throw new DomainError('conflict', 'NO_PLACEMENT_TO_MOVE', {
        en: 'The member has no open placement to move from.',
        id: 'Peserta tidak memiliki penempatan aktif untuk dipindahkan.',
      });
    }
    if (input.movedOn <= current.contract_start) {
      throw invalidInput([
        issue(
          '/movedOn',
          'MOVE_BEFORE_PLACEMENT',
          `The move must come after the current placement started (${current.contract_start}).`,
          `Kepindahan harus setelah penempatan saat ini dimulai (${current.contract_start}).`,
        ),
      ]);
    }
    if (current.destination_country === input.placement.destinationCountry) {
      throw invalidInput([
        issue(
          '/placement/destinationCountry',
          'SAME_DESTINATION',
          'A move goes to another country; for the same country record a contract extension.',
          'Kepindahan ke negara lain; untuk negara yang sama catat perpanjangan kontrak.',
        ),
      ]);
    }
    await store.endPlacement(trx, current.id, input.movedOn, 'MOVED');
    await store.insertPlacement(trx, membership.id, input.placement, current.id);
    return { from: current.destination_country, to: input.placement.destinationCountry, movedOn: input.movedOn };
  });
}
