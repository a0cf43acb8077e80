"use client";

import { type FormEvent, useState } from "react";
import type { ApiKeyView } from "@/lib/auth/api-keys/keys";
import { API_KEY_LIFETIMES_DAYS } from "@/lib/auth/api-keys/rules";
import { apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import type { Json } from "@/lib/http/json";
import { API_SCOPE_NAMES, API_SCOPES } from "@/lib/validation/api-scopes";
import { Field } from "../../ui/field";
import { FormAlert } from "../../ui/form-alert";
import { PasswordField } from "../../ui/password-field";
import { inputClass, labelClass } from "../../ui/styles";
import { SubmitOrCancel } from "../../ui/submit-button";

export type ApiKey = Json<ApiKeyView>;

const lifetimeLabel = (days: number) => (days === 365 ? "1 year" : `${days} days`);

/** A name, the scopes in plain words, and a lifetime; the new key is shown by the caller. */
export function CreateApiKeyForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: { key: string; apiKey: ApiKey }) => void;
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
      onCreated(
        await apiJson("/api/auth/api-keys", {
          method: "POST",
          json: {
            name: String(form.get("name") ?? ""),
            scopes: form.getAll("scopes").map(String),
            expiresInDays: Number(form.get("expiresInDays")),
            password: String(form.get("password") ?? ""),
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

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="create-api-key-title"
      className="max-w-md space-y-4 rounded-xl border border-slate-200 p-4 dark:border-slate-800"
    >
      <h3 id="create-api-key-title" className="text-sm font-semibold">
        Create an API key
      </h3>
      {problem && <FormAlert>{problem.text}</FormAlert>}
      <Field
        id="api-key-name"
        name="name"
        label="Name"
        autoComplete="off"
        required
        autoFocus
        maxLength={100}
        error={problem?.fields.name?.[0]}
        hint="What will use it, such as “Backup script”."
      />
      <fieldset className="space-y-2">
        <legend className={labelClass}>What it may do</legend>
        {API_SCOPE_NAMES.map((scope) => (
          <label key={scope} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="scopes" value={scope} className="mt-1" />
            <span>
              {API_SCOPES[scope]} <code className="text-xs text-slate-500">{scope}</code>
            </span>
          </label>
        ))}
        {problem?.fields.scopes && (
          <p className="text-sm text-red-600 dark:text-red-400">{problem.fields.scopes[0]}</p>
        )}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor="api-key-lifetime" className={labelClass}>
          Expires after
        </label>
        <select id="api-key-lifetime" name="expiresInDays" defaultValue={30} className={inputClass}>
          {API_KEY_LIFETIMES_DAYS.map((days) => (
            <option key={days} value={days}>
              {lifetimeLabel(days)}
            </option>
          ))}
        </select>
      </div>
      <PasswordField
        id="api-key-password"
        name="password"
        label="Your password, to confirm"
        autoComplete="current-password"
        required
        error={problem?.fields.password?.[0]}
      />
      <SubmitOrCancel pending={pending} pendingLabel="Creating…" onCancel={onCancel}>
        Create key
      </SubmitOrCancel>
    </form>
  );
}
