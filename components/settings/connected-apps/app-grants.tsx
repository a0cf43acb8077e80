"use client";

import { useEffect, useRef, useState } from "react";
import type { GrantView } from "@/lib/auth/connected-apps/grants";
import { apiFetch } from "@/lib/client/api";
import type { Json } from "@/lib/http/json";
import { API_SCOPES } from "@/lib/validation/api-scopes";
import { FormAlert } from "../../ui/form-alert";
import { RelativeTime } from "../../ui/relative-time";
import { buttonClass } from "../../ui/styles";
import { ConfirmAction } from "../confirm-action";

type Grant = Json<GrantView>;
type Notice = { tone: "error" | "success"; text: string };

const REGISTERED_BY: Record<Grant["registeredBy"], string> = {
  you: "registered by you",
  itself: "registered itself",
  "another account": "registered by another account",
};

const scopeWords = (scope: string) =>
  scope in API_SCOPES ? API_SCOPES[scope as keyof typeof API_SCOPES] : scope;

/**
 * Settings → Connected apps: every app the user let act for them, with what it may do, whose
 * tasks (their own, or one shared workspace's) and when it last used its access; revoking one (confirmed first) stops its tokens on their next request.
 */
export function AppGrants({ initial }: { initial: Grant[] }) {
  const [grants, setGrants] = useState(initial);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const asked = useRef<string | null>(null);
  // Back from a cancelled question, focus returns to the Revoke button that asked it.
  useEffect(() => {
    if (confirming !== null || asked.current === null) return;
    document.getElementById(`revoke-${asked.current}`)?.focus();
    asked.current = null;
  }, [confirming]);

  if (grants.length === 0) {
    return (
      <div className="space-y-4">
        {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
        <p className="text-sm text-slate-600 dark:text-slate-400">
          No apps have access to your account.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      <ul
        ref={list}
        tabIndex={-1}
        aria-label="Apps with access"
        className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
      >
        {grants.map((grant) => (
          <li key={grant.id} className="flex flex-wrap items-center gap-3 p-4">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {grant.clientName}{" "}
                <span className="text-xs font-normal text-slate-500 dark:text-slate-400">
                  {REGISTERED_BY[grant.registeredBy]}
                </span>
              </p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {grant.scopes.map(scopeWords).join(" · ")}
              </p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {grant.workspace
                  ? `In the workspace ${grant.workspace.name} only`
                  : "Your personal tasks"}
              </p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                Allowed <RelativeTime iso={grant.grantedAt} /> · last used{" "}
                <RelativeTime iso={grant.lastUsedAt} />
              </p>
            </div>
            {confirming === grant.id ? (
              <ConfirmAction
                confirmLabel="Revoke access"
                pendingLabel="Revoking…"
                onConfirm={async () => {
                  await apiFetch(`/api/auth/connected-apps/${encodeURIComponent(grant.id)}`, {
                    method: "DELETE",
                  });
                  setConfirming(null);
                  setGrants((all) => all.filter((other) => other.id !== grant.id));
                  setNotice({
                    tone: "success",
                    text: `Revoked the access of “${grant.clientName}”.`,
                  });
                  list.current?.focus();
                }}
                onFailed={(text) => {
                  setConfirming(null);
                  setNotice({ tone: "error", text });
                }}
                onCancel={() => {
                  asked.current = grant.id;
                  setConfirming(null);
                }}
              >
                Revoke the access of “{grant.clientName}”? It stops working at once; the app has to
                ask you again to get it back.
              </ConfirmAction>
            ) : (
              <button
                id={`revoke-${grant.id}`}
                type="button"
                onClick={() => {
                  setNotice(null);
                  setConfirming(grant.id);
                }}
                disabled={confirming !== null}
                className={buttonClass.secondary}
                aria-label={`Revoke ${grant.clientName}`}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
