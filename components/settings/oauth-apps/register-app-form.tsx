"use client";

import { CLIENT_NAME_MAX_LENGTH, type OauthClientView } from "@/lib/auth/oauth/owned-client-rules";
import { apiJson } from "@/lib/client/api";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import type { Json } from "@/lib/http/json";
import { REDIRECT_URIS_MAX } from "@/lib/validation/redirect-uri";
import { Field } from "../../ui/field";
import { FormAlert } from "../../ui/form-alert";
import { inputClass, labelClass } from "../../ui/styles";
import { SubmitOrCancel } from "../../ui/submit-button";

export type OauthApp = Json<OauthClientView>;
export type Registered = { client: OauthApp; clientSecret?: string };

const FIELDS = [
  "name",
  "redirectUris",
  ...Array.from({ length: REDIRECT_URIS_MAX }, (_, index) => `redirectUris.${index}`),
];

/** Every line, blank ones included, so the server's index is the line's; not a final newline. */
const lines = (text: string) =>
  text.trim()
    ? text
        .trim()
        .split("\n")
        .map((line) => line.trim())
    : [];

const TYPES = [
  {
    value: "confidential",
    label: "Server app",
    hint: "Runs on a server that keeps a secret. It gets a client secret.",
  },
  {
    value: "public",
    label: "Public app",
    hint: "A command-line tool, an AI agent or a browser app: it keeps no secret and proves itself with PKCE.",
  },
] as const;

/** A name, the app's kind, and its redirect URIs one per line; the secret is shown by the caller. */
export function RegisterAppForm({
  onRegistered,
  onCancel,
}: {
  onRegistered: (registered: Registered) => void;
  onCancel: () => void;
}) {
  const { onSubmit, pending, alert, fieldError } = useApiForm(
    (form) =>
      apiJson<Registered>("/api/oauth/clients", {
        method: "POST",
        json: {
          ...formValues(form, "name", "type"),
          redirectUris: lines(String(form.get("redirectUris") ?? "")),
        },
      }),
    onRegistered,
    FIELDS,
  );
  // The server names the list, or one of its lines by its index.
  const uriError =
    [
      fieldError("redirectUris"),
      ...Array.from({ length: REDIRECT_URIS_MAX }, (_, index) => {
        const problem = fieldError(`redirectUris.${index}`);
        return problem && `Line ${index + 1}: ${problem}`;
      }),
    ]
      .filter(Boolean)
      .join(" ") || undefined;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="register-app-title"
      className="max-w-lg space-y-4 rounded-xl border border-slate-200 p-4 dark:border-slate-800"
    >
      <h3 id="register-app-title" className="text-sm font-semibold">
        Register an app
      </h3>
      {alert && <FormAlert>{alert}</FormAlert>}
      <Field
        id="app-name"
        name="name"
        label="Name"
        autoComplete="off"
        required
        autoFocus
        maxLength={CLIENT_NAME_MAX_LENGTH}
        error={fieldError("name")}
        hint="Shown to people when your app asks for access."
      />
      <fieldset className="space-y-2">
        <legend className={labelClass}>Kind of app</legend>
        {TYPES.map((type, index) => (
          <label key={type.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="type"
              value={type.value}
              defaultChecked={index === 0}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{type.label}</span>
              <span className="block text-slate-600 dark:text-slate-400">{type.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor="app-redirect-uris" className={labelClass}>
          Redirect URIs
        </label>
        <textarea
          id="app-redirect-uris"
          name="redirectUris"
          rows={3}
          required
          spellCheck={false}
          autoComplete="off"
          placeholder="https://app.example.com/callback"
          aria-invalid={uriError ? true : undefined}
          aria-describedby={uriError ? "app-redirect-uris-error" : "app-redirect-uris-hint"}
          className={`${inputClass} font-mono`}
        />
        {uriError ? (
          <p id="app-redirect-uris-error" className="text-sm text-red-600 dark:text-red-400">
            {uriError}
          </p>
        ) : (
          <p id="app-redirect-uris-hint" className="text-xs text-slate-500 dark:text-slate-400">
            One per line, up to {REDIRECT_URIS_MAX}, matched exactly: https://, http:// only for
            127.0.0.1, [::1] or localhost, or an app scheme such as com.example.app:/callback.
          </p>
        )}
      </div>
      <SubmitOrCancel pending={pending} pendingLabel="Registering…" onCancel={onCancel}>
        Register app
      </SubmitOrCancel>
    </form>
  );
}
