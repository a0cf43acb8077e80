import { timingSafeEqual } from "node:crypto";
import { serializeSignedCookie } from "better-call";
import { and, eq, gt, like, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { verification } from "@/lib/db/schema";
import { betterAuthCookieName, betterAuthCookieOptions } from "../core/better-auth-cookies";
import { readCookie } from "../tokens/cookies";

/**
 * A sign-in waiting for its second factor. Better Auth keeps it in its `two_factor` cookie: a
 * signed random identifier of a `verification` row (`2fa-…` → user id) that expires with the
 * challenge. Better Auth checks it itself when a code arrives; we read it only to count codes
 * against the account, whatever challenge they come with.
 */
const CHALLENGE_COOKIE = "two_factor";
export const CHALLENGE_LIFETIME_SECONDS = 5 * 60;

/** What /api/auth/login answers instead of a token pair while a second factor is due. */
export const secondFactorRequiredBody = z.strictObject({
  two_factor_required: z.literal(true),
  methods: z.array(z.enum(["totp", "backup_code"])),
});

export type SecondFactorRequired = z.infer<typeof secondFactorRequiredBody>;

/** Better Auth's sign-in answer when its twoFactor plugin stopped the sign-in, else undefined. */
export function pendingSecondFactor(answer: unknown): SecondFactorRequired | undefined {
  const pending = answer as { twoFactorRedirect?: unknown } | null;
  if (pending?.twoFactorRedirect !== true) return undefined;
  // Backup codes come with every authenticator app (there is no other method configured).
  return { two_factor_required: true, methods: ["totp", "backup_code"] };
}

/** The user id of the request's live challenge, or undefined (none, forged or expired). */
export async function challengedAccount(request: Request): Promise<string | undefined> {
  const { secret } = betterAuthCookieOptions();
  const presented = readCookie(
    request.headers.get("cookie"),
    betterAuthCookieName(CHALLENGE_COOKIE),
  );
  if (!presented) return undefined;
  const signed = decodeURIComponent(presented);
  const identifier = signed.slice(0, signed.lastIndexOf("."));
  const expected = decodeURIComponent(
    (await serializeSignedCookie("", identifier, secret)).slice(1),
  );
  const a = Buffer.from(signed);
  const b = Buffer.from(expected);
  if (!identifier || a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  const [row] = await getDb()
    .select({ userId: verification.value })
    .from(verification)
    .where(
      and(
        eq(verification.identifier, identifier),
        like(verification.identifier, "2fa-%"),
        gt(verification.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return row?.userId;
}
