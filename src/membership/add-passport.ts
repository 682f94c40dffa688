import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/connection.ts';
import { isCountryCode } from '../kernel/countries.ts';
import { DomainError, invalidInput } from '../kernel/errors.ts';
import { changeMember } from './change-member.ts';
import { unknownCountry } from './register-member.ts';
import type { PassportInput } from './schemas.ts';
import * as store from './store.ts';

const heldByAnother = () =>
  new DomainError('conflict', 'PASSPORT_HELD_BY_ANOTHER', {
    en: 'This passport number is recorded for another person.',
    id: 'Nomor paspor ini tercatat untuk orang lain.',
  });

/** A renewed passport is added; the old numbers stay on record, each unique to its holder. */
export async function addPassport(ctx: AppContext, membershipNumber: string, passport: PassportInput, principal: Principal | undefined) {
  if (!isCountryCode(passport.issuingCountry)) throw invalidInput([unknownCountry('/issuingCountry', passport.issuingCountry)]);
  try {
    return await changeMember(ctx, membershipNumber, principal, 'passport.added', async ({ trx, membership }) => {
      const holder = await store.findPassportHolder(trx, passport);
      if (holder && holder.person_id !== membership.person_id) throw heldByAnother();
      if (holder) {
        throw new DomainError('conflict', 'PASSPORT_ALREADY_RECORDED', {
          en: 'This passport is already on the member’s record.',
          id: 'Paspor ini sudah tercatat pada data peserta.',
        });
      }
      await store.insertPassport(trx, membership.person_id, passport);
      return { issuingCountry: passport.issuingCountry, expiryDate: passport.expiryDate };
    });
  } catch (error) {
    // Another member recorded the same number at the same moment.
    if (isUniqueViolation(error)) throw heldByAnother();
    throw error;
  }
}
