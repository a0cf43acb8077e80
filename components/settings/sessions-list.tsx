"use client";

import { useEffect, useState } from "react";
import type { SessionView } from "@/lib/auth/account/sessions";
import { apiFetch, apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import type { Json } from "@/lib/http/json";
import { FormAlert } from "../ui/form-alert";
import { RelativeTime } from "../ui/relative-time";
import { buttonClass } from "../ui/styles";

type Session = Json<SessionView>;
type Notice = { tone: "error" | "success"; text: string };

export function SessionsList({ initial }: { initial: Session[] }) {
  const [sessions, setSessions] = useState(initial);
  // A server refresh (after a password change signed the others out) brings a new list.
  useEffect(() => setSessions(initial), [initial]);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const others = sessions.filter((session) => !session.current);

  async function run(key: string, action: () => Promise<string>) {
    setBusy(key);
    setNotice(null);
    try {
      setNotice({ tone: "success", text: await action() });
    } catch (error) {
      setNotice({
        tone: "error",
        text: error instanceof ApiError ? error.message : "That didn’t work. Please try again.",
      });
    } finally {
      setBusy(null);
    }
  }

  const reload = async () => {
    const { sessions: fresh } = await apiJson<{ sessions: Session[] }>("/api/auth/sessions");
    setSessions(fresh);
  };

  const revoke = (session: Session) =>
    run(session.id, async () => {
      await apiFetch(`/api/auth/sessions/${encodeURIComponent(session.id)}`, { method: "DELETE" });
      setSessions((all) => all.filter((other) => other.id !== session.id));
      return `Signed out ${session.device}.`;
    });

  const revokeOthers = () =>
    run("others", async () => {
      const { revoked } = await apiJson<{ revoked: number }>("/api/auth/sessions/revoke-others", {
        method: "POST",
      });
      await reload();
      return revoked === 1 ? "Signed out 1 other device." : `Signed out ${revoked} other devices.`;
    });

  return (
    <div className="space-y-4">
      {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center gap-3 p-4">
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                {session.device}
                {session.current && (
                  <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300">
                    This device
                  </span>
                )}
              </p>
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                {session.ipAddress ?? "Unknown IP"} · last used{" "}
                <RelativeTime iso={session.lastUsedAt} /> · signed in{" "}
                <RelativeTime iso={session.createdAt} />
              </p>
            </div>
            {!session.current && (
              <button
                type="button"
                onClick={() => revoke(session)}
                disabled={busy !== null}
                className={buttonClass.secondary}
                aria-label={`Sign out ${session.device}${session.ipAddress ? ` (${session.ipAddress})` : ""}`}
              >
                {busy === session.id ? "Signing out…" : "Sign out"}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={revokeOthers}
        disabled={busy !== null || others.length === 0}
        className={buttonClass.secondary}
      >
        {busy === "others" ? "Signing out…" : "Sign out everywhere else"}
      </button>
    </div>
  );
}
