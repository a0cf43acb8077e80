"use client";

import { type FormEvent, useState } from "react";
import type { AdminUserPage } from "@/lib/admin/users";
import { apiJson } from "@/lib/client/api";
import { ApiError } from "@/lib/client/api-error";
import type { Json } from "@/lib/http/json";
import { FormAlert } from "../ui/form-alert";
import { RelativeTime } from "../ui/relative-time";
import { buttonClass, inputClass, labelClass } from "../ui/styles";
import { SubmitButton } from "../ui/submit-button";
import { type AdminUser, UserActions } from "./user-actions";

type Page = Json<AdminUserPage>;

const muted = "text-slate-600 dark:text-slate-400";

/** Users, found by email or name and paged, each with what an operator needs to act on it. */
export function UsersTable({ initial, currentUserId }: { initial: Page; currentUserId: string }) {
  const [users, setUsers] = useState(initial.items);
  const [nextCursor, setNextCursor] = useState(initial.nextCursor);
  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState("");
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [managed, setManaged] = useState<string | null>(null);

  async function load(q: string, cursor: string | null) {
    setLoading(true);
    setError(null);
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (cursor) params.set("cursor", cursor);
    try {
      const page = await apiJson<Page>(`/api/admin/users?${params}`);
      setUsers((all) =>
        cursor
          ? [...all, ...page.items.filter((user) => !all.some((old) => old.id === user.id))]
          : page.items,
      );
      setNextCursor(page.nextCursor);
      setSearched(q);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "Couldn’t load users.");
    } finally {
      setLoading(false);
    }
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setManaged(null);
    void load(query.trim(), null);
  }

  function changed(user: AdminUser | null, id: string) {
    setUsers((all) =>
      user
        ? all.map((other) => (other.id === id ? { ...other, ...user } : other))
        : all.filter((other) => other.id !== id),
    );
    if (!user) setManaged(null);
  }

  const selected = users.find((user) => user.id === managed);
  return (
    <div className="space-y-4">
      <search>
        <form onSubmit={search} className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1 space-y-1.5">
            <label htmlFor="user-search" className={labelClass}>
              Find a user by email or name
            </label>
            <input
              id="user-search"
              type="search"
              value={query}
              maxLength={200}
              onChange={(event) => setQuery(event.target.value)}
              className={inputClass}
            />
          </div>
          <SubmitButton variant="secondary" pending={loading} pendingLabel="Searching…">
            Search
          </SubmitButton>
        </form>
      </search>
      {error && <FormAlert tone="error">{error}</FormAlert>}
      <p className={`text-sm ${muted}`} aria-live="polite">
        {searched
          ? `${users.length}${nextCursor ? "+" : ""} found for “${searched}”.`
          : `${users.length}${nextCursor ? "+" : ""} users, newest first.`}
      </p>
      {/* On a phone the columns scroll sideways: said in words, shown by edge shadows, and the
          region takes focus so a keyboard can scroll it too. It is `relative` so that the
          screen-reader-only text in its rows scrolls (and is clipped) with them, instead of
          widening the page. */}
      <p id="users-scroll-hint" className={`text-xs sm:hidden ${muted}`}>
        Swipe sideways to see every column.
      </p>
      <section
        aria-label="Users table"
        aria-describedby="users-scroll-hint"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard must reach a scroll region
        tabIndex={0}
        className="scroll-shadows relative overflow-x-auto rounded-xl border border-slate-200 dark:border-slate-800"
      >
        <table className="w-full min-w-[48rem] text-left text-sm">
          <caption className="sr-only">Users</caption>
          <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-300">
            <tr>
              {["User", "Role", "Email", "Second factor", "Last sign-in", "Joined", "Tasks"].map(
                (heading) => (
                  <th key={heading} scope="col" className="px-4 py-3">
                    {heading}
                  </th>
                ),
              )}
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {users.map((user) => (
              <tr
                key={user.id}
                className={user.id === managed ? "bg-indigo-50 dark:bg-indigo-950/40" : ""}
              >
                <td className="px-4 py-3">
                  <div className="font-medium">
                    {user.name}
                    {user.id === currentUserId && (
                      <span className={`ml-2 text-xs font-normal ${muted}`}>(you)</span>
                    )}
                    {user.disabled && (
                      <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-950 dark:text-red-200">
                        Disabled
                      </span>
                    )}
                  </div>
                  <div className={`break-all ${muted}`}>{user.email}</div>
                </td>
                <td className="px-4 py-3">{user.role === "admin" ? "Admin" : "User"}</td>
                <td className="px-4 py-3">{user.emailVerified ? "Verified" : "Not verified"}</td>
                <td className="px-4 py-3">{user.twoFactorEnabled ? "On" : "Off"}</td>
                <td className={`px-4 py-3 ${muted}`}>
                  {user.lastSignInAt ? <RelativeTime iso={user.lastSignInAt} /> : "Never"}
                </td>
                <td className={`px-4 py-3 ${muted}`}>
                  <RelativeTime iso={user.createdAt} />
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{user.taskCount}</td>
                <td className="px-4 py-3 text-right">
                  <button
                    type="button"
                    aria-expanded={user.id === managed}
                    aria-controls="manage-user"
                    onClick={() => setManaged(user.id === managed ? null : user.id)}
                    className={`${buttonClass.secondary} px-3 py-1.5`}
                  >
                    Manage<span className="sr-only"> {user.email}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {nextCursor && (
        <button
          type="button"
          onClick={() => load(searched, nextCursor)}
          disabled={loading}
          className={buttonClass.secondary}
        >
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
      {selected && (
        <UserActions
          key={selected.id}
          user={selected}
          isSelf={selected.id === currentUserId}
          onChanged={(user) => changed(user, selected.id)}
        />
      )}
    </div>
  );
}
