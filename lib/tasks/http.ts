import { type OwnerScope, requireOwner } from "@/lib/auth/core/guard";
import { HttpError } from "@/lib/http/errors";
import { jsonNoStore } from "@/lib/http/responses";
import type { TaskView } from "./queries";
import { ifMatchSchema } from "./schemas";
import { versionTag } from "./version-tag";

/** Every task and stats request: the guard, then the per-user limit of the task API. */
export function requireTaskOwner(request: Request): Promise<OwnerScope> {
  return requireOwner(request, { limit: "tasks-user" });
}

/** A task answer, tagged with its version so a client can make its next PATCH conditional. */
export function taskResponse(task: TaskView, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("etag", versionTag(task.version));
  return jsonNoStore(task, { ...init, headers });
}

/** The version an `If-Match` header requires, if the request sent one. */
export function expectedVersion(request: Request): number | undefined {
  const header = request.headers.get("if-match");
  if (header === null) return undefined;
  const parsed = ifMatchSchema.safeParse(header.trim());
  if (!parsed.success) {
    throw new HttpError(400, "validation_error", "Invalid If-Match header", {
      fields: { "If-Match": parsed.error.issues.map((issue) => issue.message) },
    });
  }
  return parsed.data;
}
