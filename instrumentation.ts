import type { Instrumentation } from "next";
import { logRequestError, withErrorsScrubbed } from "@/lib/http/log";

// Runs once when a server instance starts: a production deployment with a missing or weak
// secret stops here, naming the variable, instead of failing on its first request.
//
// Next.js also compiles this file for the edge runtime, where nothing of ours runs (the proxy
// and every route run on Node.js): the check belongs to the Node.js server. NEXT_RUNTIME is not
// configuration: Next.js replaces it at build time, and the edge build drops the import.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getEnv } = await import("@/lib/env");
    getEnv();
    const { assertSigningKeys } = await import("@/lib/auth/tokens/signing-keys");
    await assertSigningKeys();
    console.error = withErrorsScrubbed(console.error.bind(console));
  }
}

// Errors thrown while a page renders (or loads its data): one line like a route's. Next.js's own
// print of the same error goes through the scrubbing console.error installed above.
export const onRequestError: Instrumentation.onRequestError = (error, request, context) =>
  logRequestError(error, { request, context });
