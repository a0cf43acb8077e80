"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError } from "@/lib/client/api-error";
import { FormAlert } from "../ui/form-alert";
import { linkClass } from "../ui/styles";
import { acceptInvitation } from "./api";

// The token waits here while its invitee signs in or signs up and confirms the address: a
// redirect to sign in would lose the fragment. Per tab, and gone once accepted.
const PENDING = "taskflow.invitation";

/**
 * Accepts the invitation of the link as the signed-in account. Without a session the API client
 * sends the browser to sign in and back here; an account of another address, or one whose
 * address is not confirmed yet, is told so, and the link stays usable.
 */
export function JoinWorkspace() {
  const router = useRouter();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (fromLink) {
      sessionStorage.setItem(PENDING, fromLink);
      // The token leaves the address bar (and the history) at once.
      window.history.replaceState(null, "", window.location.pathname);
    }
    const token = sessionStorage.getItem(PENDING);
    if (!token) return setProblem("This page needs the link from your invitation email.");
    acceptInvitation(token).then(
      ({ workspaceId }) => {
        sessionStorage.removeItem(PENDING);
        router.replace(`/workspaces/${workspaceId}`);
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 404) {
          sessionStorage.removeItem(PENDING);
        }
        setProblem((failure as Error).message);
      },
    );
  }, [router]);

  if (!problem) return <p role="status">Joining…</p>;
  return (
    <div className="space-y-3">
      <FormAlert>{problem}</FormAlert>
      <p className="text-sm">
        <a href="/settings" className={linkClass}>
          Your account
        </a>{" "}
        ·{" "}
        <a href="/workspaces" className={linkClass}>
          Your workspaces
        </a>
      </p>
    </div>
  );
}
