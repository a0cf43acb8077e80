import { expect } from "vitest";
import { API_REFERENCE } from "@/app/api/reference";
import type { Operation } from "@/lib/openapi/document";

/** The handler's answer must be one the document lists for it, in the documented shape. */
export async function expectDocumented(
  method: Operation["method"],
  route: string,
  response: Response,
) {
  const operation = API_REFERENCE.operations.find(
    (entry) => entry.method === method && entry.path === route,
  );
  expect(operation, `${method} ${route} is documented`).toBeDefined();
  const answer = operation?.responses[response.status];
  expect(answer, `${method} ${route} documents status ${response.status}`).toBeDefined();
  if (!answer?.body) return;
  const parsed = answer.body.safeParse(await response.clone().json());
  expect(parsed.error?.issues, `${method} ${route} ${response.status} matches its schema`).toBe(
    undefined,
  );
}
