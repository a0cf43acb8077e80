/**
 * Keeps a signed-in browser's access token fresh while any tab is open (the token itself is an
 * httpOnly cookie: page code never sees it, only when it expires).
 *
 * Tabs share the cookies, so one refresh serves them all. They coordinate through localStorage,
 * which holds only times, never a token: the tab that refreshes records the new expiry, and the
 * others reschedule from it (a `storage` event) instead of refreshing again. A Web Lock makes
 * refreshes across tabs take turns; a tab that waited finds the fresh expiry and skips its own.
 * Should two refreshes still race (no Web Locks), the refresh route's grace window answers both
 * with the same successor token, so no tab signs the others out.
 */
const TIMES_KEY = "taskflow:session-times";
const SIGNED_OUT_KEY = "taskflow:signed-out";
const LOCK_NAME = "taskflow:refresh";

export type SessionTimes = {
  /** Epoch ms at which the access token expires, on this browser's clock. */
  expiresAt: number;
  /** Its full lifetime, to choose how early to refresh. */
  lifetimeMs: number;
  refreshedAt: number;
};

/** Refresh this long before expiry: two minutes, or a quarter of a short lifetime. */
export const refreshLeadMs = (lifetimeMs: number) => Math.min(120_000, lifetimeMs / 4);

export function readSessionTimes(): SessionTimes | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(TIMES_KEY) ?? "null") as SessionTimes | null;
    return parsed && typeof parsed.expiresAt === "number" ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Records when this browser's access token expires, from the durations the server sends
 * (seconds, so a wrong clock does not matter): `expiresIn` left of a `lifetime` (the whole of it
 * unless said). `refreshed`: this tab has just received the token (a sign-in or a refresh), so
 * tabs waiting to refresh skip theirs; a page load only reports the token it came with.
 */
export function recordAccessTokenExpiry(
  expiresIn: number,
  { lifetime = expiresIn, refreshed }: { lifetime?: number; refreshed: boolean },
): SessionTimes {
  const now = Date.now();
  return recordSessionTimes({
    expiresAt: now + expiresIn * 1000,
    lifetimeMs: lifetime * 1000,
    refreshedAt: refreshed ? now : 0,
  });
}

/** Records an expiry unless a later one (another tab's refresh) is already known. */
function recordSessionTimes(times: SessionTimes): SessionTimes {
  const known = readSessionTimes();
  if (known && known.expiresAt >= times.expiresAt) return known;
  try {
    localStorage.setItem(TIMES_KEY, JSON.stringify(times));
  } catch {
    // Private mode without storage: this tab still schedules from its own copy.
  }
  return times;
}

/** "unreachable": offline or the server is down, which is no reason to sign anyone out. */
export type RefreshOutcome = "refreshed" | "ended" | "unreachable";

let inFlight: Promise<RefreshOutcome> | undefined;

/** Refreshes the token pair, at most once per tab at a time. */
export function refreshSession(): Promise<RefreshOutcome> {
  inFlight ??= refreshTakingTurns().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function refreshTakingTurns(): Promise<RefreshOutcome> {
  const requestedAt = Date.now();
  const refresh = async (): Promise<RefreshOutcome> => {
    const known = readSessionTimes();
    if (known && known.refreshedAt > requestedAt) return "refreshed";
    return refreshNow();
  };
  return navigator.locks ? navigator.locks.request(LOCK_NAME, refresh) : refresh();
}

async function refreshNow(): Promise<RefreshOutcome> {
  try {
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
    });
    if (response.status === 401) return "ended";
    if (!response.ok) return "unreachable";
    const { expires_in: expiresIn } = (await response.json()) as { expires_in: number };
    recordAccessTokenExpiry(expiresIn, { refreshed: true });
    return "refreshed";
  } catch {
    return "unreachable";
  }
}

/** Sends every other open tab to the sign-in page after this one signs out. */
export function announceSignOut(): void {
  try {
    localStorage.removeItem(TIMES_KEY);
    localStorage.setItem(SIGNED_OUT_KEY, String(Date.now()));
  } catch {
    // Other tabs will find out at their next refresh.
  }
}

export function onSessionChange(handlers: { rescheduled: () => void; signedOut: () => void }) {
  const listener = (event: StorageEvent) => {
    if (event.key === TIMES_KEY) handlers.rescheduled();
    if (event.key === SIGNED_OUT_KEY) handlers.signedOut();
  };
  window.addEventListener("storage", listener);
  return () => window.removeEventListener("storage", listener);
}

/** The sign-in page, coming back here afterwards. */
export function signInAndReturn(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(here)}`);
}
