import { z } from "zod";
import { TASK_PRIORITIES, TASK_STATUSES, WORKSPACE_ROLES } from "@/lib/db/schema";
import type { Answer } from "@/lib/http/route-contract";
import { API_SCOPE_NAMES } from "@/lib/validation/api-scopes";
import { ROLES } from "@/lib/validation/roles";

/**
 * The answers our routes declare in their contracts (lib/http/define-route.ts), for the OpenAPI
 * document. Request bodies and queries are the schemas the routes parse with; the answers are
 * written here once, as strict objects, and tests/integration/openapi.test.ts runs the real
 * handlers with examples and checks every answer against its schema, so a field added, dropped or
 * renamed on either side fails the test.
 */

export type { Answer };

export const timestamp = z.iso.datetime({ offset: true });

export const errorBody = z
  .strictObject({
    error: z.strictObject({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error", description: "Every 4xx and 5xx answer" });

/** What our routes show of an account (lib/db/schema.ts userProfileColumns). */
const profile = z.strictObject({
  id: z.string(),
  email: z.email(),
  name: z.string(),
  role: z.enum(ROLES),
  emailVerified: z.boolean(),
  twoFactorEnabled: z.boolean(),
});

export const userBody = profile.meta({ id: "User" });

export const tokenPairBody = z
  .strictObject({
    access_token: z.string(),
    refresh_token: z
      .string()
      .optional()
      .describe("Absent when the refresh token came in the cookie: a browser keeps it there"),
    token_type: z.literal("bearer"),
    expires_in: z.number().int().describe("Seconds the access token lives"),
  })
  .meta({ id: "TokenPair" });

export const okBody = z.strictObject({ ok: z.literal(true) });

export const taskBody = z
  .strictObject({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    status: z.enum(TASK_STATUSES),
    priority: z.enum(TASK_PRIORITIES),
    dueDate: z.iso.date().nullable(),
    completedAt: timestamp.nullable(),
    version: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Task" });

export const taskPageBody = z
  .strictObject({ items: z.array(taskBody), nextCursor: z.string().nullable() })
  .meta({ id: "TaskPage" });

const byPriority = z.strictObject(
  Object.fromEntries(TASK_PRIORITIES.map((priority) => [priority, z.number().int()])) as Record<
    (typeof TASK_PRIORITIES)[number],
    z.ZodNumber
  >,
);

export const taskStatsBody = z
  .strictObject({
    total: z.number().int(),
    pending: z.number().int(),
    completed: z.number().int(),
    overdue: z.number().int(),
    dueToday: z.number().int(),
    completionRate: z.number().min(0).max(1),
    byPriority,
    completedPerDay: z.array(z.strictObject({ date: z.iso.date(), count: z.number().int() })),
  })
  .meta({ id: "TaskStats" });

export const sessionsBody = z
  .strictObject({
    sessions: z.array(
      z.strictObject({
        id: z.string(),
        device: z.string(),
        userAgent: z.string().nullable(),
        ipAddress: z.string().nullable(),
        createdAt: timestamp,
        lastUsedAt: timestamp,
        current: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Sessions" });

export const apiKeyBody = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    hint: z.string(),
    scopes: z.array(z.enum(API_SCOPE_NAMES)),
    createdAt: timestamp,
    expiresAt: timestamp,
    lastUsedAt: timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });

export const healthBody = z
  .strictObject({
    status: z.enum(["ok", "error"]),
    db: z.enum(["ok", "unavailable"]),
    rateLimits: z.enum(["redis", "memory"]),
    redis: z.enum(["ok", "unavailable"]).optional(),
  })
  .meta({ id: "Health" });

export const liveBody = z.strictObject({ status: z.literal("ok") });

export const pruneReportBody = z
  .strictObject({
    refreshTokens: z.number().int(),
    sessions: z.number().int(),
    verifications: z.number().int(),
    apiKeys: z.number().int(),
    authorizationCodes: z.number().int(),
    deviceCodes: z.number().int(),
    unclaimedClients: z.number().int(),
    expiredInvitations: z.number().int(),
    securityEvents: z.number().int(),
    adminActions: z.number().int(),
    complete: z.boolean(),
    durationMs: z.number().int(),
  })
  .meta({ id: "PruneReport" });

/**
 * Every refusal of a Better Auth endpoint: our error shape, and `code` (Better Auth's own, such
 * as INVALID_EMAIL_OR_PASSWORD) and `message` at the top level, where its client reads them.
 */
export const betterAuthErrorBody = z
  .strictObject({ error: errorBody.shape.error, code: z.string(), message: z.string() })
  .meta({ id: "BetterAuthError" });

export const adminUserBody = profile
  .extend({
    createdAt: timestamp,
    disabled: z.boolean(),
    banReason: z.string().nullable(),
    banExpires: timestamp.nullable(),
  })
  .meta({ id: "AdminUser" });

export const adminUserPageBody = z
  .strictObject({
    items: z.array(
      adminUserBody.extend({ lastSignInAt: timestamp.nullable(), taskCount: z.number().int() }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "AdminUserPage" });

export const adminAuditBody = z
  .strictObject({
    items: z.array(
      z.strictObject({
        id: z.string(),
        actorEmail: z.string(),
        action: z.string(),
        label: z.string(),
        targetEmail: z.string(),
        detail: z.string().nullable(),
        createdAt: timestamp,
      }),
    ),
  })
  .meta({ id: "AdminAudit" });

export const endedSessionsBody = z.strictObject({ ended: z.number().int() });

export const adminStatsBody = z
  .strictObject({
    users: z.number().int(),
    tasks: z.number().int(),
    signInsLast24h: z.number().int(),
  })
  .meta({ id: "AdminStats" });

const workspaceMemberships = z
  .array(z.strictObject({ id: z.uuid(), role: z.enum(WORKSPACE_ROLES) }))
  .describe(
    "The workspaces the token reaches and the user's current role in each: all of the user's for their own sign-in, the grant's one for an app's token, none for an API key or an app granted the personal tasks (docs/workspaces.md)",
  );

export const introspectionBody = z
  .union([
    z.strictObject({ active: z.literal(false) }),
    z.strictObject({
      active: z.literal(true),
      sub: z.string(),
      sid: z.string(),
      role: z.enum(ROLES).describe("The user's role now, not the one the token was issued with"),
      exp: z.number().int(),
      iat: z.number().int(),
      iss: z.string(),
      aud: z.union([z.string(), z.array(z.string())]),
      token_type: z.literal("Bearer"),
      workspaces: workspaceMemberships,
    }),
    z
      .strictObject({
        active: z.literal(true),
        sub: z.string(),
        scope: z.string(),
        client_id: z.string(),
        aud: z.string(),
        workspace: z
          .string()
          .optional()
          .describe("The shared workspace the grant is for; absent for the personal tasks"),
        exp: z.number().int(),
        iat: z.number().int(),
        iss: z.string(),
        token_type: z.literal("Bearer"),
        workspaces: workspaceMemberships,
      })
      .describe("An app's access token (docs/oauth.md), while its grant lives"),
    z
      .strictObject({
        active: z.literal(true),
        sub: z.string(),
        scope: z.string(),
        token_type: z.literal("api_key"),
        workspaces: workspaceMemberships,
      })
      .describe("An API key, while it lives"),
  ])
  .meta({ id: "Introspection" });

/** The token and revocation endpoints' errors (RFC 6749 §5.2), read by OAuth client libraries. */
export const oauthErrorBody = z
  .strictObject({ error: z.string(), error_description: z.string() })
  .meta({ id: "OAuthError" });

export const oauthError = (description: string): Answer => ({ description, body: oauthErrorBody });

/** An app's tokens (RFC 6749 §5.1): never cookies. */
export const oauthTokenBody = z
  .strictObject({
    access_token: z.string().describe("A JWT (RFC 9068) for the grant's resource"),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().describe("Seconds the access token lives"),
    refresh_token: z
      .string()
      .describe("Rotates at every use; a used one presented again ends the grant"),
    scope: z.string().describe("The access token's scopes, space-separated"),
    workspace: z
      .string()
      .optional()
      .describe("The shared workspace the grant is for (its tasks under /api/workspaces/{id})"),
  })
  .meta({ id: "OAuthTokens" });

/** This document's own frame; what is inside `paths` is OpenAPI's, checked by a validator. */
export const openApiDocumentBody = z.strictObject({
  openapi: z.literal("3.1.0"),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string() }),
  servers: z.array(z.strictObject({ url: z.url() })),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({ responses: z.object({}) }))),
  components: z.strictObject({
    securitySchemes: z.record(z.string(), z.looseObject({ type: z.string() })),
    schemas: z.record(z.string(), z.looseObject({})),
    parameters: z.record(z.string(), z.looseObject({})).optional(),
  }),
  webhooks: z.record(z.string(), z.unknown()),
});

/** An error answer in the one error shape. */
export const error = (description: string): Answer => ({ description, body: errorBody });

export const invalid = error("The body or query is invalid: `fields` names each problem");
export const unauthenticated = error(
  'No usable access token. WWW-Authenticate: Bearer, with error="invalid_token" when one was sent',
);
export const limited = error("Past the rate limit: Retry-After says when to try again");
export const notAdmin = error("Not an admin");
export const noSuchUser = error("No such user");

export const tokenAnswer: Answer = {
  description: "The token pair (Cache-Control: no-store, Pragma: no-cache), and both cookies",
  body: tokenPairBody,
};

export const refusedByBetterAuth = (description: string): Answer => ({
  description,
  body: betterAuthErrorBody,
});
