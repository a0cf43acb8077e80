"use client";

import { useEffect, useState } from "react";
import { FormAlert } from "../../ui/form-alert";
import { buttonClass } from "../../ui/styles";

/**
 * Ten backup codes, shown once: listed, and offered as a text file or on the clipboard to keep
 * somewhere safe.
 */
export function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [href, setHref] = useState<string>();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const text = `Taskflow backup codes\nEach code signs you in once, instead of a code from your authenticator app.\n\n${codes.join("\n")}\n`;
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-4">
      <FormAlert tone="success">
        Save these backup codes now: they are shown only once. Each one signs you in once if you
        lose your authenticator app.
      </FormAlert>
      <ul
        aria-label="Backup codes"
        className="grid max-w-sm grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-slate-50 p-3 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
      >
        {codes.map((code) => (
          <li key={code} data-backup-code>
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-3">
        <a href={href} download="taskflow-backup-codes.txt" className={buttonClass.secondary}>
          Download as a text file
        </a>
        <button type="button" onClick={copy} className={buttonClass.secondary}>
          Copy
        </button>
        <button type="button" onClick={onDone} className={buttonClass.primary}>
          I’ve saved them
        </button>
      </div>
      <p role="status" className="text-sm">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "This browser did not allow copying: download them instead."}
      </p>
    </div>
  );
}
