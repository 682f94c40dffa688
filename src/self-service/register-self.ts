import type { AppContext } from '../context.ts';
import { DomainError } from '../kernel/errors.ts';
import { type RegistrationInput, type RegistrationResult, registerMember } from '../membership/service.ts';
import type { SelfRegistrationInput } from './schemas.ts';
import { sha256 } from './secrets.ts';
import * as store from './store.ts';

const tokenNotValid = () =>
  new DomainError('unauthenticated', 'PHONE_NOT_CONFIRMED', {
    en: 'Confirm your phone number first: the confirmation is missing, used or expired.',
    id: 'Konfirmasi nomor telepon Anda terlebih dahulu: konfirmasi tidak ada, sudah dipakai, atau kedaluwarsa.',
  });

const alreadyRegistered = () =>
  new DomainError('conflict', 'DUPLICATE_REGISTRATION', {
    en: 'This person is already registered: sign in with the NIK or passport to see the membership.',
    id: 'Orang ini sudah terdaftar: masuk dengan NIK atau paspor untuk melihat kepesertaannya.',
  });

/**
 * A worker registers themselves: a PMI (with phase, and destination and contract when
 * abroad) or a BPU, with the phone they confirmed and the channel SELF_SERVICE_WEB. The
 * confirmation is taken for this registration, and given back when it is refused, so a
 * corrected form can be sent again.
 */
export async function registerSelf(ctx: AppContext, input: SelfRegistrationInput): Promise<RegistrationResult> {
  const now = ctx.clock.now();
  const claimed = await store.claimToken(ctx.db, sha256(input.registrationToken), now);
  if (!claimed) throw tokenNotValid();
  const registration: RegistrationInput = {
    segment: input.segment,
    person: { ...input.person, nationality: 'ID', phone: claimed.phone },
    channel: { type: 'SELF_SERVICE_WEB' },
    ...(input.pmi ? { pmi: input.pmi } : {}),
    ...(input.bpu ? { bpu: input.bpu } : {}),
  };
  try {
    // No principal: the worker is not signed in yet; the confirmed phone stands for them.
    const result = await registerMember(ctx, registration, undefined);
    await store.recordRegistration(ctx.db, claimed.id, result.membershipNumber);
    return result;
  } catch (error) {
    await store.releaseToken(ctx.db, claimed.id);
    // A public caller learns that the person is registered (they must be told), but not
    // the membership number: the worker signs in with their NIK to see it.
    if (error instanceof DomainError && error.code === 'DUPLICATE_REGISTRATION') throw alreadyRegistered();
    throw error;
  }
}
