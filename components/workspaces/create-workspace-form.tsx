"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "../ui/form-alert";
import { buttonClass, cardClass, inputClass, labelClass } from "../ui/styles";
import { createWorkspace } from "./api";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(form: FormData) {
    setBusy(true);
    setError(undefined);
    try {
      const created = await createWorkspace(String(form.get("name") ?? ""));
      router.push(`/workspaces/${created.id}`);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form action={submit} className={`${cardClass} space-y-3 p-4`}>
      <h2 className="text-lg font-semibold">New workspace</h2>
      {error && <FormAlert>{error}</FormAlert>}
      <label className={labelClass}>
        Name
        <input name="name" required maxLength={100} className={`${inputClass} mt-1`} />
      </label>
      <button type="submit" disabled={busy} className={buttonClass.primary}>
        Create workspace
      </button>
    </form>
  );
}
