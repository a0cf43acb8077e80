/**
 * Every page of the app, for the journeys that check something of all of them: the ones a
 * guest sees, and the ones behind sign-in (visited as the seeded admin, so /admin renders).
 */
export const GUEST_PAGES = [
  "/",
  "/login",
  "/register",
  "/forgot-password",
  "/reset-password?token=not-a-real-token",
  "/verify-email?status=invalid",
  "/account-deleted",
  "/docs/api",
  "/no-such-page",
] as const;

export const SIGNED_IN_PAGES = ["/dashboard", "/settings", "/admin"] as const;
