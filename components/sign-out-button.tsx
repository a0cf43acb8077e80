"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { announceSignOut } from "@/lib/client/session-refresh";
import { buttonClass } from "./ui/styles";

export function SignOutButton({
  className = buttonClass.ghost,
  label = "Sign out",
  next,
}: {
  className?: string;
  label?: string;
  /** Where the sign-in page sends the user afterwards (a path on this site). */
  next?: string;
}) {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    // Logout always answers 200 and clears the cookies; even if the network fails, leave.
    await apiFetch("/api/auth/logout", { method: "POST", anonymous: true }).catch(() => {});
    announceSignOut();
    window.location.assign(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  }
  return (
    <button type="button" onClick={signOut} disabled={pending} className={className}>
      {pending ? "Signing out…" : label}
    </button>
  );
}
