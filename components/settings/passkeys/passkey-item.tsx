"use client";

import { useEffect, useRef, useState } from "react";
import { PASSKEY_NAME_MAX_LENGTH } from "@/lib/auth/fields/field-limits";
import { ApiError } from "@/lib/client/api-error";
import { type Passkey, passkeyApi } from "@/lib/client/passkeys";
import { formValues, useApiForm } from "@/lib/client/use-api-form";
import { Field } from "../../ui/field";
import { FormAlert } from "../../ui/form-alert";
import { RelativeTime } from "../../ui/relative-time";
import { buttonClass } from "../../ui/styles";
import { SubmitButton } from "../../ui/submit-button";
import { ConfirmAction } from "../confirm-action";
import type { Notice } from "./notice";
import { passkeyNameError } from "./passkey-name";

type Mode = "view" | "renaming" | "confirming-removal";

/** One passkey of the list: its name and when it was added; rename in place, remove confirmed. */
export function PasskeyItem({
  passkey,
  onRenamed,
  onRemoved,
  onNotice,
}: {
  passkey: Passkey;
  onRenamed: (passkey: Passkey) => void;
  onRemoved: () => void;
  onNotice: (notice: Notice | null) => void;
}) {
  const [mode, setMode] = useState<Mode>("view");
  const name = passkey.name || "Unnamed passkey";
  // Back from renaming or a cancelled removal, focus returns to the button that started it.
  const renameButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  const [returnFocusTo, setReturnFocusTo] = useState<"rename" | "remove" | null>(null);
  useEffect(() => {
    if (mode !== "view" || !returnFocusTo) return;
    (returnFocusTo === "rename" ? renameButton : removeButton).current?.focus();
    setReturnFocusTo(null);
  }, [mode, returnFocusTo]);
  const back = (to: "rename" | "remove") => {
    setReturnFocusTo(to);
    setMode("view");
  };
  const start = (next: Mode) => {
    onNotice(null);
    setMode(next);
  };

  return (
    <li className="p-4">
      {mode === "renaming" ? (
        <RenameForm
          passkey={passkey}
          onCancel={() => back("rename")}
          onRenamed={(renamed) => {
            onRenamed(renamed);
            onNotice({ tone: "success", text: `Renamed the passkey to “${renamed.name}”.` });
            back("rename");
          }}
        />
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <div className="min-w-0 flex-1">
            <p className="break-words font-medium">{name}</p>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Added <RelativeTime iso={new Date(passkey.createdAt).toISOString()} /> ·{" "}
              {passkey.backedUp ? "Synced across your devices" : "Kept on one device"}
            </p>
          </div>
          {mode === "view" && (
            <div className="flex flex-wrap gap-2">
              <button
                ref={renameButton}
                type="button"
                onClick={() => start("renaming")}
                className={buttonClass.secondary}
                aria-label={`Rename ${name}`}
              >
                Rename
              </button>
              <button
                ref={removeButton}
                type="button"
                onClick={() => start("confirming-removal")}
                className={buttonClass.secondary}
                aria-label={`Remove ${name}`}
              >
                Remove
              </button>
            </div>
          )}
        </div>
      )}
      {mode === "confirming-removal" && (
        <ConfirmAction
          confirmLabel="Remove passkey"
          pendingLabel="Removing…"
          failure="The passkey couldn’t be removed. Try again."
          onConfirm={async () => {
            await passkeyApi.remove(passkey.id);
            onNotice({ tone: "success", text: `Removed the passkey “${name}”.` });
            onRemoved();
          }}
          onFailed={(text) => onNotice({ tone: "error", text })}
          onCancel={() => back("remove")}
        >
          Remove “{name}”? It will no longer sign you in here. Your device may still list it until
          you delete it there too.
        </ConfirmAction>
      )}
    </li>
  );
}

function RenameForm({
  passkey,
  onRenamed,
  onCancel,
}: {
  passkey: Passkey;
  onRenamed: (passkey: Passkey) => void;
  onCancel: () => void;
}) {
  const form = useApiForm(
    async (data) => {
      const name = formValues(data, "name").name.trim();
      const invalid = passkeyNameError(name);
      if (invalid) throw new ApiError(400, "validation_error", invalid, { name: [invalid] });
      const { passkey: renamed } = await passkeyApi.rename(passkey.id, name);
      return { ...passkey, name: renamed.name ?? name };
    },
    onRenamed,
    ["name"],
  );
  return (
    <form onSubmit={form.onSubmit} noValidate className="max-w-md space-y-3">
      {form.alert && <FormAlert>{form.alert}</FormAlert>}
      <Field
        id={`passkey-name-${passkey.id}`}
        name="name"
        label="New name"
        autoComplete="off"
        defaultValue={passkey.name ?? ""}
        required
        autoFocus
        maxLength={PASSKEY_NAME_MAX_LENGTH}
        error={form.fieldError("name")}
      />
      <div className="flex flex-wrap gap-2">
        <SubmitButton pending={form.pending} pendingLabel="Saving…">
          Save name
        </SubmitButton>
        <button type="button" onClick={onCancel} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
