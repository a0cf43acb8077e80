import { type AuthContext, requireUser } from "@/lib/auth/core/guard";
import { userIdParams } from "./schemas";

/** Every admin route's guard: a signed-in caller whose role is admin (else 403). */
export function requireAdmin(request: Request): Promise<AuthContext> {
  return requireUser(request, { role: "admin" });
}

/** What every admin route acting on one user declares: its section, its guard, the user's id. */
export const ON_ONE_USER = { tag: "Admin", auth: { admin: requireAdmin }, params: userIdParams };
