"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import type { AdminUserPage } from "@/lib/admin/users";
import { apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import type { Json } from "@/lib/http/json";
import { FormAlert } from "../ui/form-alert";
import { buttonClass, cardClass, controlClass, inputClass, labelClass } from "../ui/styles";
import { SubmitButton } from "../ui/submit-button";

export type AdminUser = Json<AdminUserPage>["items"][number];
type Role = AdminUser["role"];

type Outcome = { tone: "error" | "success"; text: string };

/**
 * What an admin can do to one account. The server decides what is allowed (lib/admin/users.ts);
 * this panel only asks for the confirmations it needs: the email typed again to delete, a box
 * ticked to change one's own role.
 */
export function UserActions({
  user,
  isSelf,
  onChanged,
}: {
  user: AdminUser;
  isSelf: boolean;
  /** The account as it is now, or null once deleted. */
  onChanged: (user: AdminUser | null) => void;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [role, setRole] = useState<Role>(user.role);
  const [confirmOwnRole, setConfirmOwnRole] = useState(false);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [confirmEmail, setConfirmEmail] = useState("");
  const base = `/api/admin/users/${encodeURIComponent(user.id)}`;

  async function act(name: string, done: string, run: () => Promise<AdminUser | null | undefined>) {
    setBusy(name);
    setOutcome(null);
    try {
      const result = await run();
      if (result !== undefined) onChanged(result);
      setOutcome({ tone: "success", text: done });
      // The audit trail beside this panel is rendered by the server.
      router.refresh();
    } catch (error) {
      const message = error instanceof ApiError ? error.message : "That didn’t work.";
      setOutcome({ tone: "error", text: message });
    } finally {
      setBusy(null);
    }
  }

  const submit =
    (name: string, done: string, run: () => Promise<AdminUser | null | undefined>) =>
    (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      void act(name, done, run);
    };

  const changeRole = submit(
    "role",
    `${user.email} is now ${role === "admin" ? "an admin" : "a user"}.`,
    async () => {
      const updated = await apiJson<AdminUser>(base, {
        method: "PATCH",
        json: { role, ...(isSelf && { confirmOwnRole: true }) },
      });
      // An admin who stepped down has no business on this page any more.
      if (isSelf && updated.role !== "admin") window.location.assign("/dashboard");
      return { ...user, ...updated };
    },
  );

  const disable = submit(
    "disable",
    `${user.email} is disabled and signed out everywhere.`,
    async () => {
      const json = { reason, ...(until && { until: new Date(until).toISOString() }) };
      return { ...user, ...(await apiJson<AdminUser>(`${base}/ban`, { method: "POST", json })) };
    },
  );

  const enable = () =>
    act("enable", `${user.email} can sign in again.`, async () => ({
      ...user,
      ...(await apiJson<AdminUser>(`${base}/ban`, { method: "DELETE" })),
    }));

  const endSessions = () =>
    act("sessions", `Every session of ${user.email} has ended.`, async () => {
      await apiJson(`${base}/sessions`, { method: "DELETE" });
      return undefined;
    });

  const resend = () =>
    act("resend", `A new verification link is on its way to ${user.email}.`, async () => {
      await apiJson(`${base}/verification-email`, { method: "POST" });
      return undefined;
    });

  const remove = submit("delete", `${user.email} was deleted.`, async () => {
    await apiJson(base, { method: "DELETE", json: { confirmEmail } });
    return null;
  });

  return (
    <section
      id="manage-user"
      aria-labelledby="manage-user-title"
      className={`${cardClass} space-y-6 p-5`}
    >
      <h3 id="manage-user-title" className="text-base font-semibold break-all">
        Manage {user.email}
      </h3>
      {outcome && <FormAlert tone={outcome.tone}>{outcome.text}</FormAlert>}
      {user.disabled && (
        <p className="text-sm">
          Disabled: {user.banReason}
          {user.banExpires && ` (until ${new Date(user.banExpires).toLocaleString()})`}
        </p>
      )}

      <Part title="Role">
        <form onSubmit={changeRole} className="flex flex-wrap items-center gap-3">
          <label htmlFor="manage-role" className="sr-only">
            Role
          </label>
          <select
            id="manage-role"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            className={controlClass}
          >
            <option value="user">User</option>
            <option value="admin" disabled={!user.emailVerified}>
              Admin{user.emailVerified ? "" : " (needs a verified email)"}
            </option>
          </select>
          {isSelf && (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={confirmOwnRole}
                onChange={(event) => setConfirmOwnRole(event.target.checked)}
              />
              Yes, change my own role
            </label>
          )}
          <SubmitButton
            variant="secondary"
            pending={busy === "role"}
            disabled={role === user.role || (isSelf && !confirmOwnRole)}
          >
            Change role
          </SubmitButton>
        </form>
      </Part>

      {!isSelf && (
        <Part title="Access">
          {user.disabled ? (
            <button
              type="button"
              onClick={enable}
              disabled={busy !== null}
              className={buttonClass.secondary}
            >
              Enable the account
            </button>
          ) : (
            <form
              onSubmit={disable}
              className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end"
            >
              <div className="space-y-1.5">
                <label htmlFor="ban-reason" className={labelClass}>
                  Reason (kept in the audit trail)
                </label>
                <input
                  id="ban-reason"
                  required
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                  className={inputClass}
                />
              </div>
              <div className="space-y-1.5">
                <label htmlFor="ban-until" className={labelClass}>
                  Until (optional)
                </label>
                <input
                  id="ban-until"
                  type="datetime-local"
                  value={until}
                  onChange={(event) => setUntil(event.target.value)}
                  className={inputClass}
                />
              </div>
              <SubmitButton variant="danger" pending={busy === "disable"} disabled={!reason.trim()}>
                Disable
              </SubmitButton>
            </form>
          )}
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              onClick={endSessions}
              disabled={busy !== null}
              className={buttonClass.secondary}
            >
              End every session
            </button>
            {!user.emailVerified && (
              <button
                type="button"
                onClick={resend}
                disabled={busy !== null}
                className={buttonClass.secondary}
              >
                Resend the verification link
              </button>
            )}
          </div>
        </Part>
      )}

      {!isSelf && user.role !== "admin" && (
        <Part title="Delete">
          <form onSubmit={remove} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
            <div className="space-y-1.5">
              <label htmlFor="delete-confirm" className={labelClass}>
                Type {user.email} to delete the account and its tasks for good
              </label>
              <input
                id="delete-confirm"
                autoComplete="off"
                value={confirmEmail}
                onChange={(event) => setConfirmEmail(event.target.value)}
                className={inputClass}
              />
            </div>
            <SubmitButton
              variant="danger"
              pending={busy === "delete"}
              disabled={confirmEmail.trim().toLowerCase() !== user.email}
            >
              Delete
            </SubmitButton>
          </form>
        </Part>
      )}
    </section>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-3">
      <h4 className="text-sm font-semibold">{title}</h4>
      {children}
    </div>
  );
}
