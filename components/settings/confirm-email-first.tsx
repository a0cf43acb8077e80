/**
 * In place of adding a passkey, an authenticator app, a provider or a shared workspace while the
 * account's address is not confirmed: the server refuses those (403 address_not_proven), since
 * whatever an unconfirmed account holds is dropped when the mailbox's owner proves it. On a page
 * other than Settings (`elsewhere`), the link leads to Settings' Email section.
 */
export function ConfirmEmailFirst({
  id,
  what,
  elsewhere = false,
}: {
  id?: string;
  what: string;
  elsewhere?: boolean;
}) {
  return (
    <p id={id} className="text-sm text-slate-600 dark:text-slate-400">
      Confirm your email address first (
      <a href={elsewhere ? "/settings#email" : "#email"} className="font-medium underline">
        {elsewhere ? "Settings → Email" : "Email"}
      </a>
      {elsewhere ? "" : ", above"}): until then you can’t add {what}.
    </p>
  );
}
