"use client";

import { useEffect } from "react";
import {
  onSessionChange,
  readSessionTimes,
  recordAccessTokenExpiry,
  refreshLeadMs,
  refreshSession,
  signInAndReturn,
} from "@/lib/client/session-refresh";

const RETRY_WHEN_UNREACHABLE_MS = 30_000;

/**
 * Refreshes the access token a little before it expires, for as long as the tab is open.
 * Renders nothing. Times come from the server as durations, so a wrong clock does not matter.
 */
export function SessionKeeper({ expiresIn, lifetime }: { expiresIn: number; lifetime: number }) {
  useEffect(() => {
    recordAccessTokenExpiry(expiresIn, { lifetime, refreshed: false });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (atLeastMs = 0) => {
      clearTimeout(timer);
      const times = readSessionTimes();
      const dueAt = times ? times.expiresAt - refreshLeadMs(times.lifetimeMs) : Date.now();
      timer = setTimeout(tick, Math.max(atLeastMs, dueAt - Date.now()));
    };
    const tick = async () => {
      const outcome = await refreshSession();
      if (outcome === "ended") signInAndReturn();
      else schedule(outcome === "unreachable" ? RETRY_WHEN_UNREACHABLE_MS : 0);
    };
    // Background tabs' timers are throttled: catch up when the tab is seen again.
    const onVisible = () => {
      if (document.visibilityState === "visible") schedule();
    };
    schedule();
    document.addEventListener("visibilitychange", onVisible);
    const stopListening = onSessionChange({
      rescheduled: () => schedule(),
      signedOut: () => window.location.assign("/login"),
    });
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
      stopListening();
    };
  }, [expiresIn, lifetime]);
  return null;
}
