"use client";

import { type FormEvent, useState } from "react";
import type { OauthClientView } from "@/lib/auth/oauth/owned-client-rules";
import { CLIENT_NAME_MAX_LENGTH } from "@/lib/auth/oauth/owned-client-rules";
import { apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import type { Json } from "@/lib/http/json";
import { REDIRECT_URIS_MAX } from "@/lib/validation/redirect-uri";
import { Field } from "../../ui/field";
import { FormAlert } from "../../ui/form-alert";
import { buttonClass, inputClass, labelClass } from "../../ui/styles";
import { SubmitButton } from "../../ui/submit-button";

export type OauthApp = Json<OauthClientView>;
export type Registered = { client: OauthApp; clientSecret?: string };

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

/** The problems the server named for the redirect URIs, each with the line it is about. */
function redirectUriProblems(fields: Record<string, string[]>): string | undefined {
  const problems = Object.entries(fields)
    .filter(([field]) => field === "redirectUris" || field.startsWith("redirectUris."))
    .map(([field, [message]]) => {
      const index = Number(field.split(".")[1]);
      return Number.isInteger(index) ? `Line ${index + 1}: ${message}` : message;
    });
  return problems.length > 0 ? problems.join(" ") : undefined;
}

/** A name, the app's kind, and its redirect URIs one per line; the secret is shown by the caller. */
export function RegisterAppForm({
  onRegistered,
  onCancel,
}: {
  onRegistered: (registered: Registered) => void;
  onCancel: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<{ text: string; fields: Record<string, string[]> }>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setProblem(undefined);
    try {
      onRegistered(
        await apiJson("/api/oauth/clients", {
          method: "POST",
          json: {
            name: String(form.get("name") ?? ""),
            type: String(form.get("type") ?? ""),
            redirectUris: String(form.get("redirectUris") ?? "")
              .split("\n")
              .map((line) => line.trim())
              .filter(Boolean),
          },
        }),
      );
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? { text: error.message, fields: error.fields ?? {} }
          : { text: "That didn’t work. Please try again.", fields: {} },
      );
    } finally {
      setPending(false);
    }
  }

  const uriError = problem && redirectUriProblems(problem.fields);
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="register-app-title"
      className="max-w-lg space-y-4 rounded-xl border border-slate-200 p-4 dark:border-slate-800"
    >
      <h3 id="register-app-title" className="text-sm font-semibold">
        Register an app
      </h3>
      {problem && <FormAlert>{problem.text}</FormAlert>}
      <Field
        id="app-name"
        name="name"
        label="Name"
        autoComplete="off"
        required
        autoFocus
        maxLength={CLIENT_NAME_MAX_LENGTH}
        error={problem?.fields.name?.[0]}
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
      <div className="flex flex-wrap gap-3">
        <SubmitButton pending={pending} pendingLabel="Registering…">
          Register app
        </SubmitButton>
        <button type="button" onClick={onCancel} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
