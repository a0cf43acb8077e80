import { z } from "zod";
import { pageCursor, pageLimit } from "@/lib/http/pagination";
import { ROLES } from "@/lib/validation/roles";
import { singleLineText } from "@/lib/validation/text";

export const listUsersQuerySchema = z.strictObject({
  // Part of an email or a name; blank lists everyone.
  q: singleLineText
    .trim()
    .max(200)
    .transform((text) => text || undefined)
    .optional(),
  limit: pageLimit,
  cursor: pageCursor,
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const updateUserRoleSchema = z.strictObject({
  role: z.enum(ROLES),
  // A change to one's own role must say it is meant: one slip of a dropdown must not demote you.
  confirmOwnRole: z.literal(true).optional(),
});
export type UpdateUserRoleInput = z.infer<typeof updateUserRoleSchema>;

export const banUserSchema = z.strictObject({
  reason: singleLineText.trim().min(1, "Say why").max(500),
  // Without an end, the account stays disabled until an admin enables it.
  until: z.iso
    .datetime({ offset: true, error: "A date and time, e.g. 2027-01-31T12:00:00Z" })
    .refine((value) => Date.parse(value) > Date.now(), "A time in the future")
    .optional(),
});
export type BanUserInput = z.infer<typeof banUserSchema>;

export const deleteUserSchema = z.strictObject({
  // The account's email typed again: a deletion cannot be undone.
  confirmEmail: z.string().max(320),
});
export type DeleteUserInput = z.infer<typeof deleteUserSchema>;

export const listAuditQuerySchema = z.strictObject({ limit: pageLimit });

/** The user an admin route acts on, by id. */
export const userIdParams = z.strictObject({ id: z.string() });
