/** Edge-safe: the middleware checks roles without importing the database schema. */
export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];
