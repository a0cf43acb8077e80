import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { securityEvent } from "@/lib/db/schema";
import { clientAddress } from "@/lib/http/client-ip";
import { displayIp } from "./ip-address";
import { describeUserAgent } from "./user-agent";

/**
 * The account's security events (`security_event`, kept SECURITY_EVENT_RETENTION_DAYS after the
 * session is gone), written where each thing happens and shown in Settings → Security activity.
 */
export const SECURITY_EVENT_LABELS = {
  two_factor_enabled: "Two-factor authentication turned on",
  two_factor_disabled: "Two-factor authentication turned off",
  backup_code_used: "Signed in with a backup code",
  backup_codes_regenerated: "New backup codes created",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
  refresh_token_reuse: "A stolen sign-in was stopped (a used token came back)",
  account_linked: "A sign-in provider was connected",
  account_unlinked: "A sign-in provider was disconnected",
  password_changed: "Password changed",
  password_reset: "Password changed with a reset link",
  email_changed: "Email address changed",
  // The first proof of the address (./fresh-start.ts): what was attached before it, removed.
  unproven_passkeys_removed: "Passkeys added before the address was confirmed were removed",
  unproven_authenticator_removed:
    "An authenticator app set up before the address was confirmed was removed",
  unproven_providers_removed:
    "Sign-in providers connected before the address was confirmed were disconnected",
  unproven_sessions_ended: "Sign-ins from before the address was confirmed were ended",
} as const;

export type SecurityEventType = keyof typeof SECURITY_EVENT_LABELS;

export async function recordSecurityEvent(
  type: SecurityEventType,
  userId: string,
  headers: Headers | undefined,
): Promise<void> {
  await getDb()
    .insert(securityEvent)
    .values({
      type,
      userId,
      ipAddress: headers ? clientAddress({ headers }) : null,
      userAgent: headers?.get("user-agent") ?? null,
    });
}

/**
 * The events of Better Auth's own endpoints, as a plugin before the token bridge: a password
 * changed in settings (a refused one answers an error, and writes nothing).
 */
export function securityEventHooks() {
  return {
    id: "taskflow-security-events",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === "/change-password",
          handler: createAuthMiddleware(async (ctx) => {
            const changed = ctx.context.returned as { user?: { id?: unknown } } | undefined;
            if (typeof changed?.user?.id !== "string") return;
            await recordSecurityEvent("password_changed", changed.user.id, ctx.headers);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

export type SecurityActivity = {
  id: string;
  label: string;
  createdAt: Date;
  device: string;
  ipAddress: string | null;
};

/** The last `limit` events of one account, newest first, in words. */
export async function recentSecurityActivity(
  userId: string,
  limit = 20,
): Promise<SecurityActivity[]> {
  const rows = await getDb()
    .select()
    .from(securityEvent)
    .where(eq(securityEvent.userId, userId))
    .orderBy(desc(securityEvent.createdAt))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    label: SECURITY_EVENT_LABELS[row.type as SecurityEventType] ?? row.type,
    createdAt: row.createdAt,
    device: describeUserAgent(row.userAgent),
    ipAddress: displayIp(row.ipAddress),
  }));
}
