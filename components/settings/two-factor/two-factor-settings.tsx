"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { twoFactorApi } from "@/lib/client/two-factor";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { CodeField } from "../../ui/code-field";
import { FormAlert } from "../../ui/form-alert";
import { PasswordField } from "../../ui/password-field";
import { buttonClass } from "../../ui/styles";
import { SubmitButton } from "../../ui/submit-button";
import { BackupCodes } from "./backup-codes";
import { QrCode } from "./qr-code";

type Step =
  | { name: "off" | "on" | "asking-password" | "regenerating" | "disabling" }
  | { name: "confirming"; totpURI: string; backupCodes: string[] }
  | { name: "showing-codes"; backupCodes: string[] };

/**
 * Settings → Two-factor authentication: set up an authenticator app (password → QR code and the
 * secret as text → a code confirms it → ten backup codes, once), new backup codes, turn it off
 * (password and a code). Each step is its own small form; the server decides everything.
 */
export function TwoFactorSettings({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ name: enabled ? "on" : "off" });
  const finish = () => {
    setStep({ name: "on" });
    router.refresh();
  };

  switch (step.name) {
    case "off":
      return (
        <div className="space-y-3">
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Off. With an authenticator app, signing in also asks for a six-digit code.
          </p>
          <button
            type="button"
            onClick={() => setStep({ name: "asking-password" })}
            className={buttonClass.primary}
          >
            Set up an authenticator app
          </button>
        </div>
      );
    case "asking-password":
      return (
        <PasswordStep
          submitLabel="Continue"
          pendingLabel="Checking…"
          onCancel={() => setStep({ name: "off" })}
          action={(password) => twoFactorApi.enable(password)}
          onDone={({ totpURI, backupCodes }) =>
            setStep({ name: "confirming", totpURI, backupCodes })
          }
        />
      );
    case "confirming":
      return (
        <ConfirmStep
          totpURI={step.totpURI}
          onCancel={() => setStep({ name: "off" })}
          onConfirmed={() => setStep({ name: "showing-codes", backupCodes: step.backupCodes })}
        />
      );
    case "showing-codes":
      return <BackupCodes codes={step.backupCodes} onDone={finish} />;
    case "regenerating":
      return (
        <PasswordStep
          submitLabel="Create new backup codes"
          pendingLabel="Creating…"
          note="Your current backup codes will stop working."
          askCode
          onCancel={() => setStep({ name: "on" })}
          action={(password, code) => twoFactorApi.newBackupCodes(password, code)}
          onDone={({ backupCodes }) => setStep({ name: "showing-codes", backupCodes })}
        />
      );
    case "disabling":
      return (
        <DisableStep
          onCancel={() => setStep({ name: "on" })}
          onDone={() => {
            setStep({ name: "off" });
            router.refresh();
          }}
        />
      );
    case "on":
      return (
        <div className="space-y-3">
          <FormAlert tone="success">
            On. Signing in asks for a code from your authenticator app, or a backup code.
          </FormAlert>
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              onClick={() => setStep({ name: "regenerating" })}
              className={buttonClass.secondary}
            >
              New backup codes…
            </button>
            <button
              type="button"
              onClick={() => setStep({ name: "disabling" })}
              className={buttonClass.secondary}
            >
              Turn off…
            </button>
          </div>
        </div>
      );
  }
}

function PasswordStep<Result>({
  submitLabel,
  pendingLabel,
  note,
  askCode = false,
  action,
  onDone,
  onCancel,
}: {
  submitLabel: string;
  pendingLabel: string;
  note?: string;
  /** Only a second factor changes second factors: a current code from the app as well. */
  askCode?: boolean;
  action: (password: string, code: string) => Promise<Result>;
  onDone: (result: Result) => void;
  onCancel: () => void;
}) {
  const form = useApiForm(
    (data) => {
      const { password, code } = formValues(data, "password", "code");
      return action(password, code);
    },
    (result) => onDone(result),
    ["currentPassword"],
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-4">
      {note && <FormAlert tone="info">{note}</FormAlert>}
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <CurrentPasswordField error={form.fieldError("currentPassword")} />
      {askCode && <CodeField id="two-factor-code" label="Code from your authenticator app" />}
      <StepButtons
        form={form}
        submitLabel={submitLabel}
        pendingLabel={pendingLabel}
        onCancel={onCancel}
      />
    </form>
  );
}

function ConfirmStep({
  totpURI,
  onConfirmed,
  onCancel,
}: {
  totpURI: string;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const secret = new URL(totpURI).searchParams.get("secret") ?? "";
  const form = useApiForm(
    (data) => twoFactorApi.confirm(formValues(data, "code").code),
    onConfirmed,
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-4">
      <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-700 dark:text-slate-300">
        <li>
          Scan this code with your authenticator app.
          <div className="mt-2">
            <QrCode text={totpURI} label="QR code for your authenticator app" />
          </div>
        </li>
        <li>
          Or enter this key by hand:{" "}
          <code
            data-totp-secret
            className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-900 dark:bg-slate-800 dark:text-slate-100"
          >
            {secret}
          </code>
        </li>
        <li>Enter the six-digit code the app shows.</li>
      </ol>
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <CodeField id="two-factor-code" label="Code from the app" />
      <StepButtons form={form} submitLabel="Turn on" pendingLabel="Checking…" onCancel={onCancel} />
    </form>
  );
}

function DisableStep({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const form = useApiForm(
    (data) => {
      const { password, code } = formValues(data, "password", "code");
      return twoFactorApi.disable(password, code);
    },
    onDone,
    ["currentPassword"],
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-4">
      <FormAlert tone="info">
        Signing in will ask for your password only, and trusted browsers are forgotten.
      </FormAlert>
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <CurrentPasswordField error={form.fieldError("currentPassword")} />
      <CodeField id="two-factor-code" label="Code from your authenticator app" />
      <StepButtons
        form={form}
        submitLabel="Turn off"
        pendingLabel="Turning off…"
        onCancel={onCancel}
      />
    </form>
  );
}

function StepButtons({
  form,
  submitLabel,
  pendingLabel,
  onCancel,
}: {
  form: { pending: boolean; waitSeconds: number };
  submitLabel: string;
  pendingLabel: string;
  onCancel: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <SubmitButton
        pending={form.pending}
        pendingLabel={pendingLabel}
        disabled={form.waitSeconds > 0}
      >
        {submitLabel}
      </SubmitButton>
      <button type="button" onClick={onCancel} className={buttonClass.secondary}>
        Cancel
      </button>
    </div>
  );
}

/** The password every step that changes the second factor asks for first. */
function CurrentPasswordField({ error }: { error?: string }) {
  return (
    <PasswordField
      id="two-factor-password"
      name="password"
      label="Current password"
      autoComplete="current-password"
      required
      autoFocus
      error={error}
    />
  );
}
