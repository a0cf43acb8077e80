/** A passkey's name: something the owner recognises in the list, on one line. */
export const PASSKEY_NAME_MAX_LENGTH = 64;

export function passkeyNameError(name: string): string | undefined {
  if (!name) return "Enter a name";
  if (name.length > PASSKEY_NAME_MAX_LENGTH)
    return `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters`;
  return undefined;
}
