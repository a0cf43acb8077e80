import { withinRateLimit } from "@/lib/rate-limit";
import { normalizeEmail } from "@/lib/validation/normalize-email";

/**
 * No mail bombing: at most `mail-address` (3 an hour) reset or verification mails to
 * one address, whatever the client IPs asking, on every instance that shares Redis. Callers
 * answer exactly as if the mail had gone out: only the mailbox notices the difference.
 */
export function mailCapAllows(address: string): Promise<boolean> {
  return withinRateLimit("mail-address", normalizeEmail(address));
}
