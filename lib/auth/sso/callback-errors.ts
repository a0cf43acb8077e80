/**
 * What a failed provider flow says when it returns to our page (`?error=<code>`, set by Better
 * Auth's callback). Edge-safe and pure: the login, register and settings pages read it. Any
 * code not listed gets the general message: the page never echoes the query string back.
 */
const MESSAGES: Record<string, string> = {
  account_not_linked:
    "An account with this email already exists. Sign in with your password, then connect the provider in Settings → Connected accounts. Never set a password for it? Choose one with “Forgot your password?”: that confirms the address is yours.",
  email_not_verified_by_provider:
    "That provider did not confirm your email address, so no account was created and nothing was connected. Use a provider that verifies addresses, or register with your email and confirm it first.",
  email_does_not_match:
    "That provider account has a different email address from yours, so it was not connected.",
  unable_to_link_account:
    "The provider did not confirm that email address, so the account was not connected. Sign in again and retry.",
  account_already_linked_to_different_user:
    "That provider account is already connected to another Taskflow account.",
  email_not_verified:
    "Check your inbox: follow the verification link we sent, then continue with the provider again.",
  email_not_found: "The provider did not share an email address, which Taskflow needs.",
  access_denied: "The sign-in was cancelled at the provider.",
};

const GENERAL =
  "The sign-in with the provider did not complete (it may have expired or been opened twice). Please try again.";

export function providerErrorMessage(code: string | string[] | undefined): string | undefined {
  if (typeof code !== "string" || code === "") return undefined;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : GENERAL;
}
