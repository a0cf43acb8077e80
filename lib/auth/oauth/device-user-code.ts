import { randomInt } from "node:crypto";

/**
 * The user code of a device authorization (RFC 8628 §6.1): what a person reads off a terminal
 * and types on another device. Consonants without vowels (no words are spelled) and without the
 * letters read as digits or as each other: 20^8 ≈ 2.6·10^10 codes, which the per-user and per-IP
 * limits on entering them and a 10-minute life put far out of a guesser's reach. Stored and
 * compared as the 8 letters alone, upper-case; shown as XXXX-XXXX.
 */
const ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const LENGTH = 8;
const SHAPE = new RegExp(`^[${ALPHABET}]{${LENGTH}}$`);

export const newUserCode = () =>
  Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");

/** XXXX-XXXX, as the device shows it and the page echoes it. */
export const displayedUserCode = (code: string) =>
  `${code.slice(0, LENGTH / 2)}-${code.slice(LENGTH / 2)}`;

/**
 * What a person typed, as stored: case, the dash and spaces do not matter. Undefined for what
 * cannot be a user code, which is then never looked up.
 */
export function enteredUserCode(entered: string): string | undefined {
  const code = entered.replace(/[\s-]/g, "").toUpperCase();
  return SHAPE.test(code) ? code : undefined;
}
