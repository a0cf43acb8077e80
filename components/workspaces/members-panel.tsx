"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Allowances } from "@/lib/workspaces/permissions-view";
import { FormAlert } from "../ui/form-alert";
import { buttonClass, cardClass, controlClass, inputClass, labelClass } from "../ui/styles";
import {
  changeRole,
  deleteWorkspace,
  type Invitation,
  invite,
  leaveWorkspace,
  type Member,
  removeMember,
  renameWorkspace,
  resendInvitation,
  revokeInvitation,
  transferOwnership,
  type Workspace,
} from "./api";

const ROLES = ["owner", "admin", "member", "viewer"] as const;
const INVITED_ROLES = ["admin", "member", "viewer"] as const;

/**
 * Members, their roles, pending invitations and the workspace's own settings, with the controls
 * the caller's role allows. The server refuses anything else (an admin changing an owner, the
 * last owner leaving) and its message is shown.
 */
export function MembersPanel({
  workspace,
  userId,
  allowances,
  members,
  invitations,
}: {
  workspace: Workspace;
  userId: string;
  allowances: Allowances;
  members: Member[];
  invitations: Invitation[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();
  const id = workspace.id;
  const may = (action: keyof Allowances) => allowances[action] !== "none";

  async function run(change: () => Promise<unknown>, done?: string, then?: string) {
    setMessage(undefined);
    try {
      await change();
      if (done) setMessage({ tone: "success", text: done });
      if (then) return router.push(then);
    } catch (failure) {
      setMessage({ tone: "error", text: (failure as Error).message });
    }
    router.refresh();
  }

  return (
    <div className="space-y-8">
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      <ul className={`${cardClass} divide-y divide-slate-200 dark:divide-slate-800`}>
        {members.map((member) => (
          <li key={member.userId} className="flex flex-wrap items-center gap-3 px-4 py-3">
            <span className="min-w-0 flex-1 truncate">
              {member.name || member.email}{" "}
              <span className="text-sm text-slate-500">{member.email}</span>
            </span>
            {may("members.manage") && member.userId !== userId ? (
              <select
                aria-label={`Role of ${member.email}`}
                className={controlClass}
                value={member.role}
                onChange={(event) => run(() => changeRole(id, member.userId, event.target.value))}
              >
                {ROLES.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </select>
            ) : (
              <span className="text-sm text-slate-600 dark:text-slate-400">{member.role}</span>
            )}
            {may("members.manage") && member.userId !== userId && (
              <button
                type="button"
                className={buttonClass.ghost}
                onClick={() => run(() => removeMember(id, member.userId))}
              >
                Remove<span className="sr-only"> {member.email}</span>
              </button>
            )}
            {may("workspace.transfer") && member.userId !== userId && (
              <button
                type="button"
                className={buttonClass.ghost}
                onClick={() => run(() => transferOwnership(id, member.userId), "Ownership moved")}
              >
                Make owner<span className="sr-only"> {member.email}</span>
              </button>
            )}
          </li>
        ))}
      </ul>

      {may("invitations.manage") && (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Invitations</h2>
          <form
            className={`${cardClass} flex flex-wrap items-end gap-2 p-4`}
            action={(form) =>
              run(
                () => invite(id, String(form.get("email")), String(form.get("role"))),
                "Invitation sent",
              )
            }
          >
            <label className={`${labelClass} flex-1`}>
              Email
              <input name="email" type="email" required className={`${inputClass} mt-1`} />
            </label>
            <label className={labelClass}>
              Role
              <select name="role" defaultValue="member" className={`${controlClass} mt-1 block`}>
                {INVITED_ROLES.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </select>
            </label>
            <button type="submit" className={buttonClass.primary}>
              Invite
            </button>
          </form>
          <ul className={`${cardClass} divide-y divide-slate-200 dark:divide-slate-800`}>
            {invitations.length === 0 && (
              <li className="px-4 py-3 text-sm text-slate-500">No pending invitations.</li>
            )}
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <span className="flex-1">
                  {invitation.email}{" "}
                  <span className="text-sm text-slate-500">
                    {invitation.role}, until {new Date(invitation.expiresAt).toLocaleDateString()}
                  </span>
                </span>
                <button
                  type="button"
                  className={buttonClass.ghost}
                  onClick={() => run(() => resendInvitation(id, invitation.id), "Sent again")}
                >
                  Resend<span className="sr-only"> to {invitation.email}</span>
                </button>
                <button
                  type="button"
                  className={buttonClass.ghost}
                  onClick={() => run(() => revokeInvitation(id, invitation.id))}
                >
                  Revoke<span className="sr-only"> {invitation.email}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {!workspace.personal && (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">This workspace</h2>
          {may("workspace.rename") && (
            <form
              className={`${cardClass} flex flex-wrap items-end gap-2 p-4`}
              action={(form) => run(() => renameWorkspace(id, String(form.get("name"))), "Renamed")}
            >
              <label className={`${labelClass} flex-1`}>
                Name
                <input
                  name="name"
                  required
                  maxLength={100}
                  defaultValue={workspace.name}
                  className={`${inputClass} mt-1`}
                />
              </label>
              <button type="submit" className={buttonClass.secondary}>
                Rename
              </button>
            </form>
          )}
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() => run(() => leaveWorkspace(id), undefined, "/workspaces")}
          >
            Leave workspace
          </button>
          {may("workspace.delete") && (
            <form
              className={`${cardClass} space-y-2 p-4`}
              action={(form) =>
                run(
                  () => deleteWorkspace(id, String(form.get("confirmName"))),
                  undefined,
                  "/workspaces",
                )
              }
            >
              <label className={labelClass}>
                Type “{workspace.name}” to delete the workspace and all its tasks
                <input name="confirmName" required className={`${inputClass} mt-1`} />
              </label>
              <button type="submit" className={buttonClass.danger}>
                Delete workspace
              </button>
            </form>
          )}
        </section>
      )}
    </div>
  );
}
