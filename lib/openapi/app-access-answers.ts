import { z } from "zod";
import { CLIENT_TYPES } from "@/lib/auth/oauth/owned-client-rules";
import { apiKeyBody, timestamp } from "./responses";

/**
 * The answers of the routes for other programs' access, as the person sees it in Settings
 * (docs/connected-apps.md): the apps they registered and the grants and keys they hold, beside
 * ./responses.ts.
 */

export const oauthClientBody = z
  .strictObject({
    clientId: z.string(),
    name: z.string(),
    redirectUris: z.array(z.string()),
    type: z.enum(CLIENT_TYPES),
    createdAt: timestamp,
    users: z.number().int().describe("People whose grant to the app is in force"),
  })
  .meta({ id: "OAuthClient" });

export const clientSecretBody = z
  .string()
  .describe("The client secret (`tfcs_…`), shown this once: only its hash is kept");

export const grantBody = z
  .strictObject({
    id: z.string().describe("The grant's id, to revoke it"),
    clientId: z.string(),
    clientName: z.string(),
    scopes: z.array(z.string()).describe("What the app may do (API scopes)"),
    workspace: z
      .strictObject({ id: z.string(), name: z.string() })
      .nullable()
      .describe("The shared workspace whose tasks the app may use; null: your personal tasks"),
    grantedAt: timestamp,
    lastUsedAt: timestamp.describe("The grant's last token refresh, or its making"),
    registeredBy: z
      .enum(["you", "itself", "another account"])
      .describe("Who registered the app: you in Settings, the app itself, or another person"),
  })
  .meta({ id: "Grant" });

export const connectedAppsBody = z
  .strictObject({
    grants: z.array(grantBody),
    apiKeys: z.array(apiKeyBody).describe("Empty while API keys are off"),
  })
  .meta({ id: "ConnectedApps" });
