import type { ReactNode } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { FormAlert } from "@/components/ui/form-alert";
import type { Client } from "@/lib/auth/oauth/clients";
import { API_SCOPES, type ApiScope } from "@/lib/validation/api-scopes";

const termClass = "font-medium text-slate-700 dark:text-slate-200";
const detailClass = "text-slate-600 dark:text-slate-400";

/**
 * What a person sees before giving an app access, wherever the request came from (a redirect
 * from the app, a code typed from a device): the app's name, who registered it, each scope in
 * plain words, and `children`, the Allow / Deny form. `details` adds what only one kind of
 * request knows (where the answer goes, the code entered).
 */
export function ConsentCard({
  client,
  scopes,
  email,
  details,
  children,
}: {
  client: Client;
  scopes: readonly ApiScope[];
  email: string;
  details?: { term: string; detail: string }[];
  children: ReactNode;
}) {
  return (
    <AuthCard
      title={`Allow ${client.name} to use your account?`}
      description={<>Signed in as {email}.</>}
    >
      <dl className="space-y-3 text-sm">
        <div>
          <dt className={termClass}>Registered by</dt>
          <dd className={detailClass}>
            {client.registeredBy
              ? `${client.registeredBy.name || client.registeredBy.email}, a Taskflow user`
              : "The app itself. Nobody here has checked who runs it: allow it only if you started this."}
          </dd>
        </div>
        {details?.map(({ term, detail }) => (
          <div key={term}>
            <dt className={termClass}>{term}</dt>
            <dd className={`break-all ${detailClass}`}>{detail}</dd>
          </div>
        ))}
        <div>
          <dt className={termClass}>It will be able to</dt>
          <dd>
            <ul className={`mt-1 list-disc space-y-1 pl-5 ${detailClass}`}>
              {scopes.map((scope) => (
                <li key={scope}>{API_SCOPES[scope]}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <p className={`mt-4 text-sm ${detailClass}`}>
        You can revoke its access at any time in Settings.
      </p>
      {children}
    </AuthCard>
  );
}

/** A request that cannot go on: nothing was shared. */
export function ConsentRefused({ message }: { message: string }) {
  return (
    <AuthCard title="This request cannot go on">
      <FormAlert>{message}</FormAlert>
      <p className={`mt-4 text-sm ${detailClass}`}>
        Nothing was shared. You can close this page and go back to the app.
      </p>
    </AuthCard>
  );
}
