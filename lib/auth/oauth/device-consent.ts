import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { oauthClient, oauthDeviceCode, type UserProfile } from "@/lib/db/schema";
import { clientIp } from "@/lib/http/client-ip";
import { HttpError } from "@/lib/http/errors";
import { enforceRateLimit } from "@/lib/rate-limit";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { recordSecurityEvent } from "../account/security-events";
import { type Client, findClient } from "./clients";
import {
  appAccessNeedsProvenAddress,
  type ChooseWorkspace,
  consentDecision,
  sendBack,
} from "./consent";
import { enteredUserCode } from "./device-user-code";
import type { OAuthParameters } from "./form";
import { lockGrantParents } from "./grants";

/**
 * The person's side of a device authorization (RFC 8628 §3.3): on /device, signed in, they type
 * the code the device shows, see the app and its scopes, and allow or deny. The code alone grants
 * nothing: it only finds the request, whose answer needs the user's own sign-in and an explicit
 * Allow. Each code entered counts against the user and the client IP, right or wrong, so codes
 * cannot be guessed at (each a lookup on the page, and again at the answer).
 */
export type DeviceRequest = {
  /** As stored: the 8 letters, without the dash. */
  userCode: string;
  client: Client;
  scopes: ApiScope[];
  resource: string;
};

export const DEVICE_PAGE_PATH = "/device";

export const wrongUserCode = () =>
  new HttpError(
    400,
    "invalid_user_code",
    "That code is wrong or has expired. Check the code your device shows, or start again there.",
    { fields: { user_code: ["Wrong or expired code"] } },
  );

/** The pending, live request named by what the user typed, counted as a guess. */
export async function findDeviceRequest(
  entered: string,
  userId: string,
  headers: Headers,
): Promise<DeviceRequest | undefined> {
  await enforceRateLimit("oauth-user-code-user", userId);
  await enforceRateLimit("oauth-user-code-ip", clientIp({ headers }));
  const userCode = enteredUserCode(entered);
  if (!userCode) return undefined;
  const [row] = await getDb()
    .select({
      clientId: oauthClient.clientId,
      scopes: oauthDeviceCode.scopes,
      resource: oauthDeviceCode.resource,
    })
    .from(oauthDeviceCode)
    .innerJoin(oauthClient, eq(oauthClient.id, oauthDeviceCode.clientId))
    .where(pendingRequest(userCode));
  const client = row && (await findClient(row.clientId));
  return client && { userCode, client, scopes: row.scopes, resource: row.resource };
}

const pendingRequest = (userCode: string) =>
  and(
    eq(oauthDeviceCode.userCode, userCode),
    eq(oauthDeviceCode.status, "pending"),
    sql`${oauthDeviceCode.expiresAt} > now()`,
  );

/**
 * The user's answer (POST /api/oauth/device): an account whose address is not proven grants
 * nothing, as on the authorize page; the code is looked up (and counted) again; Allow records
 * the user as approver, with the workspace they chose (`chooseWorkspace`, checked as on the
 * authorize page), and is a security event like any new grant, Deny ends the request. Either
 * way the answer, in one `UPDATE … WHERE status = 'pending'`, is given once. Then back to the
 * page, which says what happened and that the device may go on.
 */
export async function answerDeviceRequest(
  request: Request,
  user: UserProfile,
  form: OAuthParameters,
  chooseWorkspace: ChooseWorkspace,
): Promise<Response> {
  if (!user.emailVerified) throw appAccessNeedsProvenAddress();
  const decision = consentDecision(form);
  const found = await findDeviceRequest(form.get("user_code") ?? "", user.id, request.headers);
  if (!found) throw wrongUserCode();
  if (decision === "allow") await enforceRateLimit("oauth-authorize-user", user.id);
  const workspaceId = decision === "allow" ? await chooseWorkspace(found) : null;
  const answered = await getDb().transaction(async (tx) => {
    // The answer writes the device code's account and workspace: locked first (./grants.ts).
    const parents = { client: found.client, userId: user.id, workspaceId };
    if (!(await lockGrantParents(tx, parents))) return undefined;
    const [row] = await tx
      .update(oauthDeviceCode)
      .set({ status: decision === "allow" ? "approved" : "denied", userId: user.id, workspaceId })
      .where(pendingRequest(found.userCode))
      .returning({ clientId: oauthDeviceCode.clientId });
    return row;
  });
  if (!answered) throw wrongUserCode();
  if (decision === "allow") {
    await recordSecurityEvent("oauth_grant_created", user.id, request.headers);
  }
  return sendBack(
    request,
    `${DEVICE_PAGE_PATH}?answer=${decision === "allow" ? "allowed" : "denied"}`,
  );
}
