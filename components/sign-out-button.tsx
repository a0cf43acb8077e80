"use client";

import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { announceSignOut } from "@/lib/client/session-refresh";
import { buttonClass } from "./ui/styles";

export function SignOutButton({ className = buttonClass.ghost }: { className?: string }) {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    // Logout always answers 200 and clears the cookies; even if the network fails, leave.
    await apiFetch("/api/auth/logout", { method: "POST", anonymous: true }).catch(() => {});
    announceSignOut();
    window.location.assign("/login");
  }
  return (
    <button type="button" onClick={signOut} disabled={pending} className={className}>
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
