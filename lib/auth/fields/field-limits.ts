/**
 * The limits of the account fields, for the server's schemas (./fields.ts) and the forms alike.
 * Plain constants: a form importing them does not bring zod into the browser bundle.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
/** What a person calls one of their passkeys ("Work laptop"). */
export const PASSKEY_NAME_MAX_LENGTH = 64;
