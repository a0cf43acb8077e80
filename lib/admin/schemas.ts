import { z } from "zod";
import { pageCursor, pageLimit } from "@/lib/http/pagination";
import { ROLES } from "@/lib/validation/roles";

export const listUsersQuerySchema = z.strictObject({ limit: pageLimit, cursor: pageCursor });
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const updateUserRoleSchema = z.strictObject({ role: z.enum(ROLES) });
export type UpdateUserRoleInput = z.infer<typeof updateUserRoleSchema>;
