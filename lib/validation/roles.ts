/**
 * Edge-safe (it imports nothing): the values of a user's role, for the schema, tokens and forms.
 */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];
