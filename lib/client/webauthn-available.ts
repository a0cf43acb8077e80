"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Whether this browser can use passkeys at all (`window.PublicKeyCredential`); `undefined` in
 * the server's HTML and until hydration, so a passkey button starts disabled, like a submit
 * button, and goes only where the browser really has no WebAuthn.
 */
export function useWebAuthnAvailable(): boolean | undefined {
  return useSyncExternalStore(
    noSubscription,
    () => typeof window.PublicKeyCredential !== "undefined",
    () => undefined,
  );
}
