import type { createAuthMiddleware } from "better-auth/api";

/** What a Better Auth hook (a plugin's `before` or `after`) is handed. */
export type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Adds a cookie to the answer of the request a hook runs in. */
export function appendSetCookie(ctx: HookContext, cookie: string) {
  ctx.context.responseHeaders ??= new Headers();
  ctx.context.responseHeaders.append("set-cookie", cookie);
}
