import { recentSecurityActivity } from "@/lib/auth/account/security-events";

/** What Settings → Security activity lists for the account, newest first. */
export const activityLabels = async (userId: string) =>
  (await recentSecurityActivity(userId)).map((event) => event.label);
