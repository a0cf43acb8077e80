import { z } from "zod";
import { redirectUriList } from "@/lib/validation/redirect-uri";
import { requiredSingleLineText } from "@/lib/validation/text";

/**
 * What a person registering an app in Settings fills in (./owned-clients.ts), read by the route, the
 * OpenAPI document and the form alike.
 */

/** Apps per account: more than a developer's projects, and a bound on the rows. */
export const MAX_OAUTH_CLIENTS = 25;

export const CLIENT_NAME_MAX_LENGTH = 100;

/**
 * `confidential`: a server that keeps a secret. `public`: a command-line tool, an agent or a
 * browser app, which can keep none and proves itself with PKCE alone.
 */
export const CLIENT_TYPES = ["confidential", "public"] as const;

export type ClientType = (typeof CLIENT_TYPES)[number];

export const registerClientSchema = z.strictObject({
  name: requiredSingleLineText(
    {
      empty: "Name the app",
      tooLong: `Keep the name under ${CLIENT_NAME_MAX_LENGTH} characters`,
    },
    CLIENT_NAME_MAX_LENGTH,
  ),
  redirectUris: redirectUriList,
  type: z.enum(CLIENT_TYPES, { error: "Choose confidential or public" }),
});

export type RegisterClient = z.infer<typeof registerClientSchema>;

/** A registered app as its owner sees it listed: never its secret, nor the secret's hash. */
export type OauthClientView = {
  clientId: string;
  name: string;
  redirectUris: string[];
  type: ClientType;
  createdAt: Date;
  /** People whose grant to the app is in force. */
  users: number;
};
