"use client";

import { useState } from "react";
import { apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import { FormAlert } from "../ui/form-alert";
import { buttonClass } from "../ui/styles";

/**
 * The Password section of an account created through a provider, which has no password to type
 * as "current": choosing one goes through the reset link (POST /api/auth/forgot-password), which
 * proves the mailbox as a reset does and creates the password; like every reset, it then ends
 * the account's sessions.
 */
export function SetPassword({ email }: { email: string }) {
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string>();

  async function send() {
    setState("sending");
    setError(undefined);
    try {
      await apiJson("/api/auth/forgot-password", { method: "POST", json: { email } });
      setState("sent");
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "That didn’t work. Try again.");
      setState("idle");
    }
  }

  return (
    <div className="max-w-md space-y-3">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        You sign in with a connected account and have no password yet. Set one to sign in with your
        email too.
      </p>
      {error && <FormAlert>{error}</FormAlert>}
      {state === "sent" ? (
        <FormAlert tone="success">
          We sent a link to <strong className="break-all">{email}</strong>. Open it to choose your
          password; you’ll then sign in again on your devices.
        </FormAlert>
      ) : (
        <button
          type="button"
          className={buttonClass.secondary}
          disabled={state === "sending"}
          aria-busy={state === "sending"}
          onClick={send}
        >
          {state === "sending" ? "Sending…" : "Email me a link to set a password"}
        </button>
      )}
    </div>
  );
}
