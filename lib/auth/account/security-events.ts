import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { securityEvent, user } from "@/lib/db/schema";
import { clientAddress } from "@/lib/http/client-ip";
import { displayIp } from "./ip-address";
import { mailSecurityNotice } from "./security-notice";
import { describeUserAgent } from "./user-agent";

/**
 * The account's security events (`security_event`, kept SECURITY_EVENT_RETENTION_DAYS after the
 * session is gone), written where each thing happens and shown in Settings → Security activity.
 */
export const SECURITY_EVENT_LABELS = {
  signed_up: "Account created",
  signed_in: "Signed in",
  email_verified: "Email address verified",
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
  api_key_created: "API key created",
  api_key_revoked: "API key revoked",
  oauth_grant_created: "An app was given access",
  // An authorization code used twice was stolen on its way: the access it gave was revoked.
  oauth_code_reuse: "An app's access was revoked (its sign-in code was used twice)",
  oauth_client_registered: "An app was registered in Developer apps",
  oauth_client_deleted: "A registered app was deleted, with every grant to it",
  oauth_client_secret_renewed: "A registered app got a new secret",
  oauth_grant_revoked: "An app's access was revoked",
  // The first proof of the address (./fresh-start.ts): what was attached before it, removed.
  unproven_passkeys_removed: "Passkeys added before the address was confirmed were removed",
  unproven_authenticator_removed:
    "An authenticator app set up before the address was confirmed was removed",
  unproven_providers_removed:
    "Sign-in providers connected before the address was confirmed were disconnected",
  unproven_sessions_ended: "Sign-ins from before the address was confirmed were ended",
  unproven_api_keys_removed: "API keys created before the address was confirmed were revoked",
  unproven_workspaces_left:
    "Shared workspaces from before the address was confirmed were deleted or left",
} as const;

export type SecurityEventType = keyof typeof SECURITY_EVENT_LABELS;

/**
 * The changes whose event also mails the account's address (./security-notice.ts). A change of
 * email is told to the address it replaces, by the change itself (email-verification.ts); a
 * backup code used, or a stopped token reuse, is a sign-in, which has a notice of its own.
 */
const NOTICES: Partial<Record<SecurityEventType, { subject: string; summary: string }>> = {
  password_changed: {
    subject: "Your Taskflow password was changed",
    summary: "The password of your Taskflow account was changed in Settings.",
  },
  password_reset: {
    subject: "Your Taskflow password was reset",
    summary:
      "The password of your Taskflow account was changed with a reset link, every " +
      "session of the account was signed out, and its API keys and apps' access were revoked.",
  },
  two_factor_enabled: {
    subject: "Two-factor authentication is on",
    summary: "Two-factor authentication was turned on for your Taskflow account.",
  },
  two_factor_disabled: {
    subject: "Two-factor authentication is off",
    summary:
      "Two-factor authentication was turned off for your Taskflow account: a password alone " +
      "now signs in to it.",
  },
  backup_codes_regenerated: {
    subject: "New backup codes for your Taskflow account",
    summary:
      "New backup codes were created for your Taskflow account; the old ones no longer work.",
  },
  passkey_added: {
    subject: "A passkey was added to your Taskflow account",
    summary: "A passkey was added to your Taskflow account: it can now sign in with it.",
  },
  passkey_removed: {
    subject: "A passkey was removed from your Taskflow account",
    summary: "A passkey was removed from your Taskflow account.",
  },
  api_key_created: {
    subject: "An API key was created for your Taskflow account",
    summary:
      "An API key was created for your Taskflow account: a script holding it can act on your " +
      "tasks until it expires or you revoke it in Settings.",
  },
  api_key_revoked: {
    subject: "An API key of your Taskflow account was revoked",
    summary: "An API key of your Taskflow account was revoked: it no longer works.",
  },
  oauth_grant_created: {
    subject: "An app was given access to your Taskflow account",
    summary:
      "An app was given access to your Taskflow account: it can act on your tasks as you " +
      "allowed until you revoke it in Settings.",
  },
  // The app's name stays out of the mail: a self-registered app chooses its own.
  oauth_grant_revoked: {
    subject: "An app's access to your Taskflow account was revoked",
    summary:
      "An app's access to your Taskflow account was revoked in Settings → Connected apps: it " +
      "can no longer act for you.",
  },
  account_linked: {
    subject: "A sign-in provider was connected to your Taskflow account",
    summary:
      "A sign-in provider was connected to your Taskflow account: it can now sign in with it.",
  },
  account_unlinked: {
    subject: "A sign-in provider was disconnected from your Taskflow account",
    summary: "A sign-in provider was disconnected from your Taskflow account.",
  },
};

/**
 * Writes the event, and mails the account's address when the change is one that notifies
 * (`notify: false` for the event of an account's own creation, such as a provider sign-up).
 */
export async function recordSecurityEvent(
  type: SecurityEventType,
  userId: string,
  headers: Headers | undefined,
  { notify = true } = {},
): Promise<void> {
  await getDb()
    .insert(securityEvent)
    .values({
      type,
      userId,
      ipAddress: headers ? clientAddress({ headers }) : null,
      userAgent: headers?.get("user-agent")?.slice(0, 512) ?? null,
    });
  const notice = NOTICES[type];
  if (!notice || !notify) return;
  const [recipient] = await getDb()
    .select({ email: user.email, name: user.name })
    .from(user)
    .where(eq(user.id, userId));
  if (recipient) mailSecurityNotice(recipient, { kind: type, ...notice }, headers);
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
