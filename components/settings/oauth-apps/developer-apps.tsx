"use client";

import { useEffect, useRef, useState } from "react";
import { apiFetch, apiJson } from "@/lib/client/api";
import { FormAlert } from "../../ui/form-alert";
import { RelativeTime } from "../../ui/relative-time";
import { buttonClass } from "../../ui/styles";
import { ConfirmAction } from "../confirm-action";
import { ShownOnce } from "../shown-once";
import { type OauthApp, RegisterAppForm } from "./register-app-form";

type Notice = { tone: "error" | "success"; text: string };
type Secret = { name: string; value: string };

const appPath = (app: OauthApp) => `/api/oauth/clients/${encodeURIComponent(app.clientId)}`;

/**
 * Settings → Developer apps: the apps the user registered, each with its client ID, kind,
 * redirect URIs and number of users; a form for a new one, whose secret is shown here once; a
 * new secret (the old one stops) and deletion (every grant to it ends), each confirmed first.
 */
export function DeveloperApps({ initial }: { initial: OauthApp[] }) {
  const [apps, setApps] = useState(initial);
  const [registering, setRegistering] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const registerButton = useRef<HTMLButtonElement>(null);

  return (
    <div className="space-y-4">
      {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      {secret && (
        <ShownOnce
          label={`The client secret of ${secret.name}`}
          value={secret.value}
          onDone={() => setSecret(null)}
        >
          The client secret of “{secret.name}”. Keep it on your server only, never in a browser or a
          repository.
        </ShownOnce>
      )}
      {apps.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No apps registered yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {apps.map((app) => (
            <AppItem
              key={app.clientId}
              app={app}
              onNotice={setNotice}
              onSecret={(value) => setSecret({ name: app.name, value })}
              onDeleted={() => {
                setApps((all) => all.filter((other) => other.clientId !== app.clientId));
                setNotice({ tone: "success", text: `Deleted “${app.name}”.` });
                registerButton.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
      {registering ? (
        <RegisterAppForm
          onRegistered={({ client, clientSecret }) => {
            setApps((all) => [client, ...all]);
            setSecret(clientSecret ? { name: client.name, value: clientSecret } : null);
            setNotice(
              clientSecret
                ? null
                : { tone: "success", text: `Registered “${client.name}”: ${client.clientId}.` },
            );
            setRegistering(false);
          }}
          onCancel={() => setRegistering(false)}
        />
      ) : (
        <button
          ref={registerButton}
          type="button"
          onClick={() => {
            setSecret(null);
            setNotice(null);
            setRegistering(true);
          }}
          className={buttonClass.secondary}
        >
          Register an app
        </button>
      )}
    </div>
  );
}

type Mode = "view" | "confirming-secret" | "confirming-delete";

function AppItem({
  app,
  onNotice,
  onSecret,
  onDeleted,
}: {
  app: OauthApp;
  onNotice: (notice: Notice | null) => void;
  onSecret: (secret: string) => void;
  onDeleted: () => void;
}) {
  const [mode, setMode] = useState<Mode>("view");
  const secretButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const opened = useRef<Mode>("view");
  // Back from a question, focus returns to the button that asked it.
  useEffect(() => {
    if (mode !== "view" || opened.current === "view") return;
    (opened.current === "confirming-secret" ? secretButton : deleteButton).current?.focus();
    opened.current = "view";
  }, [mode]);
  const start = (next: Mode) => {
    onNotice(null);
    opened.current = next;
    setMode(next);
  };
  const failed = (text: string) => {
    setMode("view");
    onNotice({ tone: "error", text });
  };
  const users = app.users === 1 ? "1 person uses it" : `${app.users} people use it`;
  return (
    <li className="flex flex-wrap items-center gap-3 p-4">
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {app.name}{" "}
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-300">
            {app.type === "confidential" ? "Server app" : "Public app"}
          </span>
        </p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Client ID <code className="break-all text-xs">{app.clientId}</code>
        </p>
        <ul className="mt-1 text-sm text-slate-600 dark:text-slate-400" aria-label="Redirect URIs">
          {app.redirectUris.map((uri) => (
            <li key={uri}>
              <code className="break-all text-xs">{uri}</code>
            </li>
          ))}
        </ul>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Registered <RelativeTime iso={app.createdAt} /> · {users}
        </p>
      </div>
      {mode === "view" && (
        <div className="flex flex-wrap gap-2">
          {app.type === "confidential" && (
            <button
              ref={secretButton}
              type="button"
              onClick={() => start("confirming-secret")}
              className={buttonClass.secondary}
              aria-label={`New secret for ${app.name}`}
            >
              New secret
            </button>
          )}
          <button
            ref={deleteButton}
            type="button"
            onClick={() => start("confirming-delete")}
            className={buttonClass.secondary}
            aria-label={`Delete ${app.name}`}
          >
            Delete
          </button>
        </div>
      )}
      {mode === "confirming-secret" && (
        <ConfirmAction
          confirmLabel="Make a new secret"
          pendingLabel="Making…"
          onConfirm={async () => {
            const { clientSecret } = await apiJson<{ clientSecret: string }>(
              `${appPath(app)}/secret`,
              { method: "POST" },
            );
            setMode("view");
            onSecret(clientSecret);
          }}
          onFailed={failed}
          onCancel={() => setMode("view")}
        >
          Make a new secret for “{app.name}”? The current one stops working at once: your server
          needs the new one before it can sign anyone in again.
        </ConfirmAction>
      )}
      {mode === "confirming-delete" && (
        <ConfirmAction
          confirmLabel="Delete app"
          pendingLabel="Deleting…"
          onConfirm={async () => {
            await apiFetch(appPath(app), { method: "DELETE" });
            onDeleted();
          }}
          onFailed={failed}
          onCancel={() => setMode("view")}
        >
          Delete “{app.name}”? {app.users > 0 ? `${users}: ` : ""}every access granted to it ends
          now, and it can no longer ask anyone for access.
        </ConfirmAction>
      )}
    </li>
  );
}
