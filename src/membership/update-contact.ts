import type { Principal } from '../auth/rules.ts';
import type { AppContext } from '../context.ts';
import { checkPhone } from '../identity/phone.ts';
import { isCountryCode } from '../kernel/countries.ts';
import { invalidInput } from '../kernel/errors.ts';
import { changeMember } from './change-member.ts';
import { unknownCountry } from './register-member.ts';
import type { ContactUpdate } from './schemas.ts';
import * as store from './store.ts';

export async function updateContact(ctx: AppContext, membershipNumber: string, changes: ContactUpdate, principal: Principal | undefined) {
  const issues = [];
  if (changes.phone !== undefined) issues.push(...checkPhone(changes.phone, '/phone'));
  if (changes.address && !isCountryCode(changes.address.country)) issues.push(unknownCountry('/address/country', changes.address.country));
  if (issues.length > 0) throw invalidInput(issues);
  return changeMember(ctx, membershipNumber, principal, 'contact.updated', async ({ trx, membership, now }) => {
    await store.updateContact(trx, membership.person_id, changes, now);
    return { changedFields: Object.keys(changes), ...changes };
  });
}
