import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The commonly used passwords NIST SP 800-63B asks us to refuse: zxcvbn-ts's list of ~49,000
 * passwords from public breach corpora, shipped in the package (it works offline). Server only:
 * the list is ~380 KB, too much for a page (the forms run ./password-rules.ts alone).
 * Compared case-insensitively and with spaces removed, so "Pass Word" is "password".
 */
let common: ReadonlySet<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"]);
  const folded = password.toLowerCase();
  return common.has(folded) || common.has(folded.replace(/\s+/g, ""));
}
