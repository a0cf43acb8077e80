import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { sha256 } from "@/lib/crypto/sha256";
import { getDb } from "@/lib/db/client";
import { oauthDeviceCode } from "@/lib/db/schema";
import type { ApiScope } from "@/lib/validation/api-scopes";
import type { RequestOrigin } from "../core/refresh";
import type { Client } from "./clients";
import { newUserCode } from "./device-user-code";
import { oauthError } from "./errors";
import { lockGrantParents, type NewGrant, revokeGrantOfLeakedCode, startGrant } from "./grants";

/**
 * Device codes (RFC 8628 §3.2): 32 random bytes, of which only the SHA-256 hash is stored, paired
 * with a user code (./device-user-code.ts) and living DEVICE_CODE_LIFETIME_SECONDS. The device
 * polls the token endpoint with it; an approved device code is spent by the poll that receives
 * the tokens. Each poll holds the row's lock, so two concurrent polls cannot both get a grant,
 * and the interval that `slow_down` grows is read and written by one poll at a time.
 */
export const DEVICE_CODE_LIFETIME_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each `slow_down` adds 5 seconds to the interval, for this and later polls. */
const SLOW_DOWN_STEP_SECONDS = 5;
/** A clash with a pending user code is a one-in-billions event; a second one, a fault. */
const USER_CODE_ATTEMPTS = 3;

const hashDeviceCode = (code: string) => sha256(code);

export type DeviceCodeTerms = { client: Client; scopes: ApiScope[]; resource: string };

/** A device code and its user code for `terms`, or undefined when the app has just been deleted. */
export async function issueDeviceCode(terms: DeviceCodeTerms) {
  return getDb().transaction(async (tx) => {
    if (!(await lockGrantParents(tx, { client: terms.client, userId: null, workspaceId: null })))
      return undefined;
    for (let attempt = 0; attempt < USER_CODE_ATTEMPTS; attempt++) {
      const deviceCode = randomBytes(32).toString("base64url");
      const [issued] = await tx
        .insert(oauthDeviceCode)
        .values({
          deviceCodeHash: hashDeviceCode(deviceCode),
          userCode: newUserCode(),
          clientId: terms.client.id,
          scopes: terms.scopes,
          resource: terms.resource,
          intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
          expiresAt: sql`now() + make_interval(secs => ${DEVICE_CODE_LIFETIME_SECONDS})`,
        })
        // The user code is unique while pending (a partial unique index): on a clash, draw again.
        .onConflictDoNothing()
        .returning({ userCode: oauthDeviceCode.userCode });
      if (issued) return { deviceCode, userCode: issued.userCode };
    }
    throw new Error("no free user code");
  });
}

type PollOutcome = NewGrant | keyof typeof REFUSALS;

// What a poll that gets no tokens answers (RFC 8628 §3.5), by outcome.
const REFUSALS = {
  refused: () => oauthError("invalid_grant", "The device code is invalid, expired or used"),
  expired: () => oauthError("expired_token", "The device code expired: start again"),
  denied: () => oauthError("access_denied", "The user denied the request"),
  pending: () => oauthError("authorization_pending", "The user has not answered yet"),
  slowDown: () =>
    oauthError(
      "slow_down",
      `Poll less often: the interval grew by ${SLOW_DOWN_STEP_SECONDS} seconds`,
    ),
};

/**
 * The device token request (RFC 8628 §3.4) of `client`: the grant, made exactly as an
 * authorization code makes it, once the user has approved; otherwise the refusal §3.5 names. A
 * device code issued to another client is `invalid_grant` and left as it was. A second
 * redemption after the tokens were given means the device code leaked: the grant it made is
 * revoked and a security event recorded, as for a reused authorization code.
 */
export async function redeemDeviceCode(
  client: Client,
  deviceCode: string,
  origin: RequestOrigin,
): Promise<NewGrant> {
  const deviceCodeHash = hashDeviceCode(deviceCode);
  const outcome = await getDb().transaction(async (tx): Promise<PollOutcome> => {
    // The approver and the workspace they chose, read first to be locked before the device code
    // (./grants.ts); approved between this read and the row's lock, it waits for the next poll.
    const [target] = await tx
      .select({ workspaceId: oauthDeviceCode.workspaceId, approvedBy: oauthDeviceCode.userId })
      .from(oauthDeviceCode)
      .where(eq(oauthDeviceCode.deviceCodeHash, deviceCodeHash));
    const parents = {
      client,
      userId: target?.approvedBy ?? null,
      workspaceId: target?.workspaceId ?? null,
    };
    if (!(await lockGrantParents(tx, parents))) return "refused";
    const [row] = await tx
      .select({
        clientId: oauthDeviceCode.clientId,
        status: oauthDeviceCode.status,
        approvedBy: oauthDeviceCode.userId,
        scopes: oauthDeviceCode.scopes,
        resource: oauthDeviceCode.resource,
        workspaceId: oauthDeviceCode.workspaceId,
        used: sql<boolean>`${oauthDeviceCode.usedAt} is not null`,
        grantSessionId: oauthDeviceCode.grantSessionId,
        live: sql<boolean>`${oauthDeviceCode.expiresAt} > now()`,
        early: sql<boolean>`coalesce(${oauthDeviceCode.lastPolledAt} > now() - make_interval(secs => ${oauthDeviceCode.intervalSeconds}), false)`,
      })
      .from(oauthDeviceCode)
      .where(eq(oauthDeviceCode.deviceCodeHash, deviceCodeHash))
      .for("update");
    if (!row || row.clientId !== client.id) return "refused";
    if (row.used) {
      await revokeGrantOfLeakedCode(
        tx,
        { userId: row.approvedBy, sessionId: row.grantSessionId },
        origin,
      );
      return "refused";
    }
    if (!row.live) return "expired";
    if (row.status === "denied") return "denied";
    if (row.status === "pending" || !row.approvedBy || row.approvedBy !== target?.approvedBy) {
      await tx
        .update(oauthDeviceCode)
        .set({
          lastPolledAt: sql`now()`,
          ...(row.early && {
            intervalSeconds: sql`${oauthDeviceCode.intervalSeconds} + ${SLOW_DOWN_STEP_SECONDS}`,
          }),
        })
        .where(eq(oauthDeviceCode.deviceCodeHash, deviceCodeHash));
      return row.early ? "slowDown" : "pending";
    }
    const grant = await startGrant(tx, {
      userId: row.approvedBy,
      client,
      scopes: row.scopes,
      resource: row.resource,
      workspaceId: row.workspaceId,
      origin,
    });
    if (!grant) return "refused";
    await tx
      .update(oauthDeviceCode)
      .set({ usedAt: sql`now()`, grantSessionId: grant.sessionId })
      .where(eq(oauthDeviceCode.deviceCodeHash, deviceCodeHash));
    return grant;
  });
  if (typeof outcome === "string") throw REFUSALS[outcome]();
  return outcome;
}
