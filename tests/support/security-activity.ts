import { recentSecurityActivity, SECURITY_EVENT_LABELS } from "@/lib/auth/account/security-events";

// Every test account was created and signed in: those entries say nothing about a change.
const ACCESS = new Set<string>([
  SECURITY_EVENT_LABELS.signed_up,
  SECURITY_EVENT_LABELS.signed_in,
  SECURITY_EVENT_LABELS.email_verified,
]);

/** The changes Settings → Security activity lists for the account, newest first. */
export const activityLabels = async (userId: string) =>
  (await recentSecurityActivity(userId))
    .map((event) => event.label)
    .filter((label) => !ACCESS.has(label));
