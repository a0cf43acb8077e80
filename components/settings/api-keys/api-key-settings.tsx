"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import { API_SCOPES } from "@/lib/validation/api-scopes";
import { FormAlert } from "../../ui/form-alert";
import { RelativeTime } from "../../ui/relative-time";
import { buttonClass } from "../../ui/styles";
import { ShownOnce } from "../shown-once";
import { type ApiKey, CreateApiKeyForm } from "./create-api-key-form";

/**
 * Settings → API keys: the user's keys with what they may do and when each was last used, a
 * form for a new one, whose key is shown here once and never again, and a revoke button each.
 */
export function ApiKeySettings({ initial }: { initial: ApiKey[] }) {
  const [keys, setKeys] = useState(initial);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ secret: string; name: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function revoke(apiKey: ApiKey) {
    setBusy(apiKey.id);
    setProblem(null);
    try {
      await apiFetch(`/api/auth/api-keys/${encodeURIComponent(apiKey.id)}`, { method: "DELETE" });
      setKeys((all) => all.filter((other) => other.id !== apiKey.id));
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "That didn’t work. Please try again.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-4">
      {problem && <FormAlert>{problem}</FormAlert>}
      {created && <NewKey {...created} onDone={() => setCreated(null)} />}
      {keys.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No API keys yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {keys.map((apiKey) => (
            <li key={apiKey.id} className="flex flex-wrap items-center gap-3 p-4">
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {apiKey.name} <code className="text-xs text-slate-500">{apiKey.hint}</code>
                </p>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                  {apiKey.scopes.map((scope) => API_SCOPES[scope]).join(" · ")}
                </p>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                  Created <RelativeTime iso={apiKey.createdAt} /> ·{" "}
                  {Date.parse(apiKey.expiresAt) > Date.now() ? "expires" : "expired"}{" "}
                  <RelativeTime iso={apiKey.expiresAt} /> ·{" "}
                  {apiKey.lastUsedAt ? (
                    <>
                      last used <RelativeTime iso={apiKey.lastUsedAt} />
                    </>
                  ) : (
                    "never used"
                  )}
                </p>
              </div>
              <button
                type="button"
                onClick={() => revoke(apiKey)}
                disabled={busy !== null}
                className={buttonClass.secondary}
                aria-label={`Revoke ${apiKey.name}`}
              >
                {busy === apiKey.id ? "Revoking…" : "Revoke"}
              </button>
            </li>
          ))}
        </ul>
      )}
      {creating ? (
        <CreateApiKeyForm
          onCreated={({ key, apiKey }) => {
            setKeys((all) => [apiKey, ...all]);
            setCreated({ secret: key, name: apiKey.name });
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setCreated(null);
            setCreating(true);
          }}
          className={buttonClass.secondary}
        >
          Create an API key
        </button>
      )}
    </div>
  );
}

/** The new key, this once: only its hash is kept, so nobody can show it again. */
function NewKey({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  return (
    <ShownOnce label={`The API key ${name}`} value={secret} onDone={onDone}>
      Your new key “{name}”. Send it as <code>Authorization: Bearer …</code>.
    </ShownOnce>
  );
}
