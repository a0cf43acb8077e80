import { ApiError, apiErrorFrom, networkError } from "./api-error";
import { refreshSession, signInAndReturn } from "./session-refresh";

/**
 * How page code calls our API: same-origin, so the httpOnly cookies go along and no token is
 * ever handled here. An access token that expired under an open tab (a laptop waking up) is
 * refreshed and the call retried once, so the user notices nothing; a session that really
 * ended sends the tab to sign in. Failures throw an ApiError carrying the server's message.
 */
export type ApiOptions = {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sign-in and sign-up answer 401 for wrong credentials: that is not an expired session. */
  anonymous?: boolean;
  /** Lets the request outlive the page (a deletion committed as the tab closes). */
  keepalive?: boolean;
};

export function apiFetch(path: string, options: ApiOptions = {}): Promise<Response> {
  return withSessionRetry(async () => {
    const response = await send(path, options);
    if (!response.ok) throw await apiErrorFrom(response);
    return response;
  }, options.anonymous);
}

export async function apiJson<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  return (await response.json()) as T;
}

/**
 * Runs a call, and once more after a refresh when it was refused with 401 (an access token that
 * expired under an open tab); a session that really ended sends the tab to sign in. `anonymous`:
 * a 401 is a refused credential (a sign-in, a code), never retried.
 */
export async function withSessionRetry<T>(call: () => Promise<T>, anonymous = false): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (anonymous || !(error instanceof ApiError) || error.status !== 401) throw error;
    const outcome = await refreshSession();
    if (outcome === "refreshed") return call();
    if (outcome === "ended") signInAndReturn();
    throw error;
  }
}

/** `fetch`, with a network failure as the one ApiError for it (an abort stays an abort). */
export async function sendRequest(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
}

function send(path: string, options: ApiOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  return sendRequest(path, {
    method: options.method ?? "GET",
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    credentials: "same-origin",
    cache: "no-store",
    signal: options.signal,
    keepalive: options.keepalive,
  });
}
