"use client";

import { useState } from "react";
import type { AdminUserPage } from "@/lib/admin/users";
import { apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import type { Json } from "@/lib/http/json";
import { FormAlert } from "../ui/form-alert";
import { RelativeTime } from "../ui/relative-time";
import { buttonClass, controlClass } from "../ui/styles";

type Page = Json<AdminUserPage>;
type AdminUser = Page["items"][number];
type Role = AdminUser["role"];

/** Every account with its role and task count; roles change in place. */
export function UsersTable({ initial, currentUserId }: { initial: Page; currentUserId: string }) {
  const [users, setUsers] = useState(initial.items);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [saving, setSaving] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function changeRole(user: AdminUser, role: Role) {
    setSaving(user.id);
    setNotice(null);
    setUsers((all) => all.map((other) => (other.id === user.id ? { ...other, role } : other)));
    try {
      await apiJson(`/api/admin/users/${encodeURIComponent(user.id)}`, {
        method: "PATCH",
        json: { role },
      });
      setNotice({
        tone: "success",
        text: `${user.email} is now ${role === "admin" ? "an admin" : "a user"}.`,
      });
    } catch (error) {
      setUsers((all) => all.map((other) => (other.id === user.id ? user : other)));
      const message = error instanceof ApiError ? error.message : "That didn’t work.";
      setNotice({ tone: "error", text: `Couldn’t change ${user.email}: ${message}` });
    } finally {
      setSaving(null);
    }
  }

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await apiJson<Page>(`/api/admin/users?cursor=${encodeURIComponent(nextCursor)}`);
      setUsers((all) => [
        ...all,
        ...page.items.filter((user) => !all.some((old) => old.id === user.id)),
      ]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      setNotice({
        tone: "error",
        text: error instanceof ApiError ? error.message : "Couldn’t load more.",
      });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div className="space-y-4">
      {notice && <FormAlert tone={notice.tone}>{notice.text}</FormAlert>}
      {/* On a phone the columns scroll sideways: said in words, shown by edge shadows, and the
          region takes focus so a keyboard can scroll it too. */}
      <p id="users-scroll-hint" className="text-xs text-slate-600 sm:hidden dark:text-slate-400">
        Swipe sideways to see every column.
      </p>
      <section
        aria-label="Users table"
        aria-describedby="users-scroll-hint"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard must reach a scroll region
        tabIndex={0}
        className="scroll-shadows overflow-x-auto rounded-xl border border-slate-200 dark:border-slate-800"
      >
        <table className="w-full min-w-[36rem] text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-300">
            <tr>
              <th scope="col" className="px-4 py-3">
                User
              </th>
              <th scope="col" className="px-4 py-3">
                Role
              </th>
              <th scope="col" className="px-4 py-3 text-right">
                Tasks
              </th>
              <th scope="col" className="px-4 py-3">
                Joined
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {users.map((user) => (
              <tr key={user.id}>
                <td className="px-4 py-3">
                  <div className="font-medium">
                    {user.name}
                    {user.id === currentUserId && (
                      <span className="ml-2 text-xs font-normal text-slate-500 dark:text-slate-400">
                        (you)
                      </span>
                    )}
                  </div>
                  <div className="text-slate-600 dark:text-slate-400">
                    {user.email}
                    <span className="ml-2 text-xs">
                      {user.emailVerified ? "verified" : "not verified"}
                    </span>
                  </div>
                </td>
                <td className="px-4 py-3">
                  <label htmlFor={`role-${user.id}`} className="sr-only">
                    Role of {user.email}
                  </label>
                  <select
                    id={`role-${user.id}`}
                    value={user.role}
                    disabled={saving !== null}
                    onChange={(event) => changeRole(user, event.target.value as Role)}
                    className={`${controlClass} py-1.5`}
                  >
                    <option value="user">User</option>
                    <option value="admin">Admin</option>
                  </select>
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{user.taskCount}</td>
                <td className="px-4 py-3 text-slate-600 dark:text-slate-400">
                  <RelativeTime iso={user.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {nextCursor && (
        <button
          type="button"
          onClick={loadMore}
          disabled={loadingMore}
          className={buttonClass.secondary}
        >
          {loadingMore ? "Loading…" : "Load more"}
        </button>
      )}
    </div>
  );
}
