// The self-registration path's public face.
export { confirmPhone } from './confirm-phone.ts';
export { registerSelf } from './register-self.ts';
export { requestPhoneCode } from './request-phone-code.ts';
export type { SelfRegistrationInput } from './schemas.ts';
