import { ApiError, tooManyAttempts } from "./api-error";

/**
 * The codes Better Auth's client gives a ceremony the person ended: the browser's NotAllowedError
 * (they closed or refused the prompt, or let it time out; @simplewebauthn passes it on as
 * ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY), an aborted ceremony, or a sign-in prompt that failed
 * without a WebAuthn error (AUTH_CANCELLED).
 */
const ENDED_BY_THE_PERSON = new Set([
  "ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY",
  "ERROR_CEREMONY_ABORTED",
  "AUTH_CANCELLED",
]);

export type PasskeyProblem = {
  tone: "info" | "error";
  text: string;
  /** The server wants a recent sign-in before a passkey is added. */
  signInAgain?: boolean;
};

/**
 * What the page says when adding a passkey or signing in with one did not work: the browser's own
 * messages ("The operation either timed out or was not allowed. See: https://www.w3.org/…") are
 * not for people, and a person who closed the prompt did nothing wrong.
 */
export function passkeyProblem(error: unknown, during: "add" | "sign-in"): PasskeyProblem {
  const failed: PasskeyProblem = {
    tone: "error",
    // Signing in, one message for every refusal: which passkeys exist is nobody else's business.
    text:
      during === "add"
        ? "The passkey couldn’t be added. Please try again."
        : "That passkey didn’t sign you in. Try again, or sign in with your password.",
  };
  if (!(error instanceof ApiError)) return failed;
  const code = error.code.toUpperCase();
  if (ENDED_BY_THE_PERSON.has(code)) {
    return {
      tone: "info",
      text:
        during === "add"
          ? "No passkey was added: the browser’s prompt was closed. You can try again."
          : "The passkey prompt was closed. Try again, or sign in with your password.",
    };
  }
  if (error.status === 429) return { tone: "error", text: tooManyAttempts(undefined) };
  // Offline: the network error's own message says so.
  if (error.status === 0) return { tone: "error", text: error.message };
  if (during === "sign-in") return failed;
  // The front door's message says how recent the sign-in must be.
  if (code === "SESSION_NOT_FRESH") return { ...failed, text: error.message, signInAgain: true };
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return { tone: "info", text: "This device already holds a passkey for your account." };
  }
  // The server's refusals (a name too long) are written for people; the browser's (ERROR_*) not.
  const fromServer = error.status >= 400 && error.status < 500 && !code.startsWith("ERROR_");
  return fromServer ? { ...failed, text: error.message } : failed;
}
