/**
 * In place of adding a passkey, an authenticator app or a provider while the account's address
 * is not confirmed: the server refuses those (403 address_not_proven), since whatever an
 * unconfirmed account holds is dropped when the mailbox's owner proves it.
 */
export function ConfirmEmailFirst({ id, what }: { id?: string; what: string }) {
  return (
    <p id={id} className="text-sm text-slate-600 dark:text-slate-400">
      Confirm your email address first (
      <a href="#email" className="font-medium underline">
        Email
      </a>
      , above): until then you can’t add {what}.
    </p>
  );
}
