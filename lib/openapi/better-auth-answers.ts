import type { ServedEndpoint } from "@/lib/auth/contract/endpoint";
import { type Answer, betterAuthErrorBody } from "./responses";

/**
 * What a Better Auth endpoint the front door serves answers, as its feature declares it
 * (lib/auth/contract/endpoint.ts): a refusal without a body of its own has Better Auth's error
 * shape, as the front door answers it.
 */
export function endpointAnswers(endpoint: ServedEndpoint): Record<number, Answer> {
  return Object.fromEntries(
    Object.entries(endpoint.answers).map(([status, answer]) => [
      status,
      Number(status) >= 400 && !answer.body ? { ...answer, body: betterAuthErrorBody } : answer,
    ]),
  );
}
