import { createHash } from "node:crypto";
import { getEnv } from "@/lib/env";
import { HttpError } from "@/lib/http/errors";
import { describeError, logEvent } from "@/lib/http/log";
import { PASSWORD_MESSAGES } from "../fields/password-rules";

/**
 * The opt-in breached-password check (PASSWORD_BREACH_CHECK=hibp): Have I Been Pwned's
 * k-anonymity range API. Only the first 5 hex digits of the password's SHA-1 leave the server;
 * the answer lists every known suffix under that prefix (padded with fake zero-count rows,
 * `Add-Padding`, so its size says nothing either) and the match is made here.
 *
 * When the service is slow (PASSWORD_BREACH_CHECK_TIMEOUT_MS) or unreachable, the password is
 * accepted and a warning logged: the shipped list of common passwords has already refused the
 * most common ones, and a third party's outage should not stop sign-ups and resets.
 */
export async function refuseBreachedPassword(password: string, field: string): Promise<void> {
  const env = getEnv();
  if (env.PASSWORD_BREACH_CHECK !== "hibp") return;
  const hash = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  const prefix = hash.slice(0, 5);
  const suffix = hash.slice(5);
  let body: string;
  try {
    const response = await fetch(new URL(prefix, env.PASSWORD_BREACH_CHECK_URL), {
      headers: { "add-padding": "true", "user-agent": "taskflow-password-check" },
      signal: AbortSignal.timeout(env.PASSWORD_BREACH_CHECK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`range API answered ${response.status}`);
    body = await response.text();
  } catch (error) {
    logEvent("warn", "password_breach_check_unavailable", {
      outcome: "password accepted",
      error: describeError(error),
    });
    return;
  }
  if (listsSuffix(body, suffix)) {
    throw new HttpError(400, "validation_error", "Invalid input", {
      fields: { [field]: [PASSWORD_MESSAGES.breached] },
    });
  }
}

/** Lines are `SUFFIX:COUNT`; padding rows have a count of 0. */
function listsSuffix(body: string, suffix: string): boolean {
  for (const line of body.split("\n")) {
    const [candidate, count] = line.trim().split(":");
    if (candidate?.toUpperCase() === suffix && Number(count) > 0) return true;
  }
  return false;
}
