import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  banUserSchema,
  deleteUserSchema,
  listAuditQuerySchema,
  listUsersQuerySchema,
  updateUserRoleSchema,
} from "@/lib/admin/schemas";
import { deleteAccountSchema } from "@/lib/auth/account/delete-account";
import { confirmAddressSchema } from "@/lib/auth/better-auth/email-verification";
import {
  forgotPasswordSchema,
  loginSchema,
  logoutSchema,
  refreshSchema,
  registerSchema,
  resetPasswordSchema,
} from "@/lib/auth/core/credentials";
import { introspectionForm } from "@/lib/auth/core/introspection";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { secondFactorRequiredBody } from "@/lib/auth/second-factor/challenge";
import {
  createTaskSchema,
  listTasksQuerySchema,
  statsQuerySchema,
  updateTaskSchema,
} from "@/lib/tasks/schemas";
import { BETTER_AUTH_ANSWERS } from "./better-auth-answers";
import {
  type Answer,
  adminAuditBody,
  adminStatsBody,
  adminUserBody,
  adminUserPageBody,
  betterAuthErrorBody,
  endedSessionsBody,
  errorBody,
  healthBody,
  introspectionBody,
  liveBody,
  okBody,
  openApiDocumentBody,
  pruneReportBody,
  sessionsBody,
  taskBody,
  taskPageBody,
  taskStatsBody,
  tokenPairBody,
  userBody,
} from "./responses";
import { WORKSPACE_OPERATIONS } from "./workspaces";

/**
 * The OpenAPI 3.1 document of every route under app/api (served at /api/openapi.json, rendered at
 * /docs/api). Request bodies and queries are the zod schemas the routes validate with; answers are
 * ./responses.ts. tests/integration/openapi.test.ts validates the document, fails on a route file
 * that is not in it, and checks the handlers' answers to examples against the schemas here.
 */

type Method = "get" | "post" | "patch" | "delete";
export type Operation = {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth?: "user" | "admin" | "cron" | "resource-server";
  body?: z.ZodType;
  /** The OAuth2 form the endpoint also accepts, by its own field names. */
  form?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  responses: Record<number, Answer>;
};

const json = (body: z.ZodType) => ({ "application/json": { schema: body } });
const error = (description: string): Answer => ({ description, body: errorBody });
const tokenAnswer: Answer = {
  description: "The token pair (Cache-Control: no-store, Pragma: no-cache), and both cookies",
  body: tokenPairBody,
};
const unauthenticated = error(
  'No usable access token. WWW-Authenticate: Bearer, with error="invalid_token" when one was sent',
);
const refusedByBetterAuth = (description: string): Answer => ({
  description,
  body: betterAuthErrorBody,
});
// The token endpoint's refresh_token grant names its grant: a body without one is a sign-in.
const refreshGrant = refreshSchema.extend({ grant_type: z.literal("refresh_token") });
const invalid = error("The body or query is invalid: `fields` names each problem");
const userId = z.strictObject({ id: z.string() });
const limited = error("Past the rate limit: Retry-After says when to try again");
const taskId = z.strictObject({ id: z.uuid() });

/** Every operation, in the order of the reference page. */
export const OPERATIONS: Operation[] = [
  {
    method: "post",
    path: "/api/auth/register",
    tag: "Auth",
    summary: "Create an account and sign in",
    body: registerSchema,
    responses: {
      201: {
        description: "The new user, and both cookies",
        body: z.strictObject({ user: userBody }),
      },
      400: invalid,
      409: error("Email already registered"),
      429: limited,
    },
  },
  {
    method: "post",
    path: "/api/auth/login",
    tag: "Auth",
    summary: "The OAuth2 token endpoint: the password grant, and the refresh_token grant",
    body: z.union([loginSchema, refreshGrant]),
    form: z.union([
      z.strictObject({
        grant_type: z.literal("password").optional(),
        username: z.string(),
        password: z.string(),
      }),
      refreshGrant,
    ]),
    responses: {
      200: {
        description:
          "The token pair and both cookies; for an account with a second factor, `two_factor_required` and Better Auth's five-minute challenge cookie instead (send a code to /api/auth/two-factor/verify-totp or /verify-backup-code)",
        body: z.union([tokenPairBody, secondFactorRequiredBody]),
      },
      400: invalid,
      401: error("Incorrect email or password, or a refresh token that names no live session"),
      429: limited,
    },
  },
  {
    method: "post",
    path: "/api/auth/refresh",
    tag: "Auth",
    summary: "Exchange a refresh token for a new pair (OAuth2 refresh grant)",
    body: refreshSchema,
    form: refreshSchema,
    responses: {
      200: tokenAnswer,
      400: invalid,
      401: error("The refresh token is missing, unknown, expired, revoked or reused"),
      429: limited,
    },
  },
  {
    method: "post",
    path: "/api/auth/logout",
    tag: "Auth",
    summary: "End the family of the cookie, the refresh token sent, or the access token",
    body: logoutSchema,
    form: logoutSchema,
    responses: { 200: { description: "Signed out; both cookies cleared", body: okBody } },
  },
  {
    method: "get",
    path: "/api/auth/me",
    tag: "Auth",
    auth: "user",
    summary: "The signed-in user",
    responses: {
      200: { description: "The user", body: z.strictObject({ user: userBody }) },
      401: unauthenticated,
    },
  },
  {
    method: "post",
    path: "/api/auth/forgot-password",
    tag: "Auth",
    summary: "Mail a password-reset link (the same answer whether or not the account exists)",
    body: forgotPasswordSchema,
    responses: {
      200: {
        description: "Always the same",
        body: z.strictObject({ ok: z.literal(true), message: z.string() }),
      },
      400: invalid,
      429: limited,
    },
  },
  {
    method: "post",
    path: "/api/auth/reset-password",
    tag: "Auth",
    summary: "Choose a new password with a reset token; ends every session",
    body: resetPasswordSchema,
    responses: {
      200: { description: "Password changed", body: okBody },
      400: invalid,
      429: limited,
    },
  },
  {
    method: "get",
    path: "/api/auth/verify-email",
    tag: "Auth",
    summary:
      "The link in a verification mail: consumes its token where its account is signed in (or already verified), else sends the browser to the page that asks the password",
    query: z.strictObject({ token: z.string() }),
    responses: { 303: { description: "To the confirmation page" }, 429: limited },
  },
  {
    method: "post",
    path: "/api/auth/verify-email",
    tag: "Auth",
    summary:
      "Confirm an address with the link's token and the account's password (a link confirms only the credentials of whoever follows it)",
    body: confirmAddressSchema,
    responses: {
      200: { description: "The address is verified", body: okBody },
      400: invalid,
      429: limited,
    },
  },
  {
    method: "get",
    path: "/api/auth/session-ended",
    tag: "Auth",
    summary: "Where a page sends a browser whose credentials no longer work",
    query: z.strictObject({ next: z.string().optional() }),
    responses: { 303: { description: "Back to the page, or to /login with dead cookies cleared" } },
  },
  {
    method: "post",
    path: "/api/auth/introspect",
    tag: "Auth",
    auth: "resource-server",
    summary: "RFC 7662 token introspection, for resource servers",
    form: introspectionForm,
    responses: {
      200: { description: "`{ active: false }` or the token's claims", body: introspectionBody },
      400: invalid,
      401: error("Unknown resource server (WWW-Authenticate: Basic)"),
      429: limited,
    },
  },
  {
    method: "get",
    path: "/api/auth/sessions",
    tag: "Sessions",
    auth: "user",
    summary: "The caller's active sign-ins",
    responses: {
      200: { description: "Newest use first", body: sessionsBody },
      401: unauthenticated,
    },
  },
  {
    method: "delete",
    path: "/api/auth/sessions/{id}",
    tag: "Sessions",
    auth: "user",
    summary: "End one of the caller's sessions",
    params: z.strictObject({ id: z.string() }),
    responses: {
      204: { description: "Ended" },
      401: unauthenticated,
      404: error("Not one of the caller's sessions"),
    },
  },
  {
    method: "post",
    path: "/api/auth/sessions/revoke-others",
    tag: "Sessions",
    auth: "user",
    summary: "End every session of the caller but this one",
    responses: {
      200: { description: "How many ended", body: z.strictObject({ revoked: z.number().int() }) },
      401: unauthenticated,
    },
  },
  {
    method: "post",
    path: "/api/auth/change-email",
    tag: "Sessions",
    auth: "user",
    // Its body schema lives in the route file, which may export nothing else: `{ email,
    // password }` (the new address, the current password) is described here until it moves.
    summary:
      "Ask to change the email: `{ email, password }`; a link goes to the new address, nothing changes until it is followed; an address with an account gets the same answer and its owner a notice",
    responses: {
      202: {
        description: "The link is on its way",
        body: z.strictObject({ ok: z.literal(true), pendingEmail: z.email() }),
      },
      400: invalid,
      401: unauthenticated,
      429: limited,
    },
  },
  {
    method: "post",
    path: "/api/auth/delete-account",
    tag: "Sessions",
    auth: "user",
    summary:
      "Delete the account, its tasks and sessions (asks for the password, and a current code from the authenticator app when it has one)",
    body: deleteAccountSchema,
    responses: {
      200: { description: "Deleted; both cookies cleared", body: okBody },
      400: invalid,
      401: error("Not signed in, or the authenticator code is wrong"),
      429: limited,
    },
  },
  {
    method: "get",
    path: "/api/tasks",
    tag: "Tasks",
    auth: "user",
    summary: "The caller's tasks, filtered, sorted and paged",
    query: listTasksQuerySchema,
    responses: {
      200: { description: "One page; `nextCursor` fetches the next", body: taskPageBody },
      400: invalid,
      401: unauthenticated,
      429: limited,
    },
  },
  {
    method: "post",
    path: "/api/tasks",
    tag: "Tasks",
    auth: "user",
    summary: "Create a task",
    body: createTaskSchema,
    responses: {
      201: { description: "The task (ETag: its version; Location)", body: taskBody },
      400: invalid,
      401: unauthenticated,
      429: limited,
    },
  },
  {
    method: "get",
    path: "/api/tasks/{id}",
    tag: "Tasks",
    auth: "user",
    summary: "One task",
    params: taskId,
    responses: {
      200: { description: "The task (ETag: its version)", body: taskBody },
      401: unauthenticated,
      404: error("No such task of the caller's"),
    },
  },
  {
    method: "patch",
    path: "/api/tasks/{id}",
    tag: "Tasks",
    auth: "user",
    summary: "Change a task (If-Match: its version, for a conditional change)",
    params: taskId,
    body: updateTaskSchema,
    responses: {
      200: { description: "The changed task", body: taskBody },
      400: invalid,
      401: unauthenticated,
      404: error("No such task of the caller's"),
      412: error("If-Match names another version: someone changed it first"),
    },
  },
  {
    method: "delete",
    path: "/api/tasks/{id}",
    tag: "Tasks",
    auth: "user",
    summary: "Delete a task",
    params: taskId,
    responses: {
      204: { description: "Deleted" },
      401: unauthenticated,
      404: error("No such task of the caller's"),
    },
  },
  {
    method: "get",
    path: "/api/stats",
    tag: "Tasks",
    auth: "user",
    summary: "Counts of the caller's tasks in their time zone",
    query: statsQuerySchema,
    responses: {
      200: { description: "The counts", body: taskStatsBody },
      400: invalid,
      401: unauthenticated,
    },
  },
  {
    method: "get",
    path: "/api/admin/users",
    tag: "Admin",
    auth: "admin",
    summary: "Users newest first, or those whose email or name holds `q`, with task counts",
    query: listUsersQuerySchema,
    responses: {
      200: { description: "One page", body: adminUserPageBody },
      401: unauthenticated,
      403: error("Not an admin"),
    },
  },
  {
    method: "patch",
    path: "/api/admin/users/{id}",
    tag: "Admin",
    auth: "admin",
    summary:
      "Change a user's role: only a verified account becomes admin, one's own role needs " +
      "`confirmOwnRole`, the last admin stays",
    params: userId,
    body: updateUserRoleSchema,
    responses: {
      200: { description: "The user", body: adminUserBody },
      400: invalid,
      401: unauthenticated,
      403: error("Not an admin"),
      404: error("No such user"),
      409: error("Unverified, unconfirmed own role, or the last admin"),
    },
  },
  {
    method: "delete",
    path: "/api/admin/users/{id}",
    tag: "Admin",
    auth: "admin",
    summary: "Delete a user and everything it owns, its email typed again (never an admin)",
    params: userId,
    body: deleteUserSchema,
    responses: {
      200: { description: "Deleted", body: okBody },
      400: invalid,
      401: unauthenticated,
      403: error("Not an admin"),
      404: error("No such user"),
      409: error("One's own account, or an admin"),
    },
  },
  {
    method: "post",
    path: "/api/admin/users/{id}/ban",
    tag: "Admin",
    auth: "admin",
    summary: "Disable a user: sign-in refused and every session ended at once, until `until`",
    params: userId,
    body: banUserSchema,
    responses: {
      200: { description: "The user", body: adminUserBody },
      400: invalid,
      401: unauthenticated,
      403: error("Not an admin"),
      404: error("No such user"),
      409: error("One's own account, or an admin"),
    },
  },
  {
    method: "delete",
    path: "/api/admin/users/{id}/ban",
    tag: "Admin",
    auth: "admin",
    summary: "Enable a disabled user",
    params: userId,
    responses: {
      200: { description: "The user", body: adminUserBody },
      401: unauthenticated,
      403: error("Not an admin"),
      404: error("No such user"),
    },
  },
  {
    method: "delete",
    path: "/api/admin/users/{id}/sessions",
    tag: "Admin",
    auth: "admin",
    summary: "End every session of a user (its access and refresh tokens stop at once)",
    params: userId,
    responses: {
      200: { description: "How many ended", body: endedSessionsBody },
      401: unauthenticated,
      403: error("Not an admin"),
      404: error("No such user"),
      409: error("One's own account"),
    },
  },
  {
    method: "post",
    path: "/api/admin/users/{id}/verification-email",
    tag: "Admin",
    auth: "admin",
    summary: "Send an unverified user a new verification link (within the per-address mail cap)",
    params: userId,
    responses: {
      202: { description: "Sent, unless the address's mail cap is spent", body: okBody },
      401: unauthenticated,
      403: error("Not an admin"),
      404: error("No such user"),
      409: error("Already verified"),
    },
  },
  {
    method: "get",
    path: "/api/admin/audit",
    tag: "Admin",
    auth: "admin",
    summary: "The newest admin actions: who did what to whom, when",
    query: listAuditQuerySchema,
    responses: {
      200: { description: "The actions, newest first", body: adminAuditBody },
      400: invalid,
      401: unauthenticated,
      403: error("Not an admin"),
    },
  },
  {
    method: "get",
    path: "/api/admin/stats",
    tag: "Admin",
    auth: "admin",
    summary: "Site-wide counts",
    responses: {
      200: { description: "The counts", body: adminStatsBody },
      401: unauthenticated,
      403: error("Not an admin"),
    },
  },
  {
    method: "get",
    path: "/api/health",
    tag: "Operations",
    summary: "Readiness: the database, and where rate limits are counted",
    responses: {
      200: { description: "Ready", body: healthBody },
      503: { description: "The database does not answer", body: healthBody },
    },
  },
  {
    method: "get",
    path: "/api/health/live",
    tag: "Operations",
    summary: "Liveness: the process answers (no dependency)",
    responses: { 200: { description: "Alive", body: liveBody } },
  },
  {
    method: "get",
    path: "/api/cron/prune",
    tag: "Operations",
    auth: "cron",
    summary: "Delete expired sessions, refresh tokens, verification rows and old security events",
    responses: {
      200: { description: "What was deleted", body: pruneReportBody },
      401: error("Not the scheduled job (Authorization: Bearer $CRON_SECRET)"),
    },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "Operations",
    summary: "This document",
    responses: { 200: { description: "OpenAPI 3.1", body: openApiDocumentBody } },
  },
  // Better Auth's endpoints we serve, from the front door's own table.
  ...Object.entries(SERVED_ENDPOINTS).map(([path, endpoint]): Operation => {
    const signedIn = endpoint.caller === "signed-in";
    const params = path.match(/(?<=\/:)\w+/g);
    return {
      method: endpoint.method === "GET" ? "get" : "post",
      path: `/api/auth${path.replace(/\/:(\w+)/g, "/{$1}")}`,
      tag: "Better Auth",
      auth: signedIn ? "user" : undefined,
      summary: endpoint.why,
      body: endpoint.body,
      ...(endpoint.query && { query: endpoint.query }),
      ...(params && {
        params: z.strictObject(Object.fromEntries(params.map((name) => [name, z.string()]))),
      }),
      responses: {
        ...betterAuthAnswers(path),
        400: refusedByBetterAuth(
          "The body or query is invalid (`fields`), or Better Auth refused it",
        ),
        401: refusedByBetterAuth(
          signedIn
            ? "Not signed in, or the credentials are refused"
            : "The credentials are refused",
        ),
        429: refusedByBetterAuth("Past the rate limit: Retry-After says when to try again"),
      },
    };
  }),
];

/**
 * A served endpoint without its documented answers is a mistake caught when the document is built.
 */
function betterAuthAnswers(path: string): Record<number, Answer> {
  const answers = BETTER_AUTH_ANSWERS[path];
  if (!answers) {
    throw new Error(`${path} is served but has no answers in lib/openapi/better-auth-answers.ts`);
  }
  return answers;
}

const SECURITY: Record<NonNullable<Operation["auth"]>, RouteConfig["security"]> = {
  user: [{ bearerAuth: [] }, { cookieAuth: [] }],
  admin: [{ bearerAuth: [] }, { cookieAuth: [] }],
  cron: [{ cronSecret: [] }],
  "resource-server": [{ resourceServerBasic: [] }, { resourceServerBearer: [] }],
};

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument(serverUrl: string) {
  cached ??= generate();
  return { ...cached, servers: [{ url: serverUrl }] };
}

function generate() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "The access token from login or refresh",
  });
  registry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "access_token",
    description: "Browsers: the access-token cookie (`__Host-access_token` in production)",
  });
  registry.registerComponent("securitySchemes", "cronSecret", { type: "http", scheme: "bearer" });
  registry.registerComponent("securitySchemes", "resourceServerBasic", {
    type: "http",
    scheme: "basic",
  });
  registry.registerComponent("securitySchemes", "resourceServerBearer", {
    type: "http",
    scheme: "bearer",
  });
  for (const operation of [...OPERATIONS, ...WORKSPACE_OPERATIONS]) {
    registry.registerPath(routeConfig(operation));
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Taskflow API",
      version: "1",
      description:
        "Tasks with stateless JWT auth. Errors are `{ error: { code, message, fields? } }`.",
    },
  });
}

function routeConfig(operation: Operation): RouteConfig {
  const content = {
    ...(operation.body && json(operation.body)),
    ...(operation.form && {
      "application/x-www-form-urlencoded": { schema: operation.form },
    }),
  };
  return {
    method: operation.method,
    path: operation.path,
    summary: operation.summary,
    tags: [operation.tag],
    ...(operation.auth && { security: SECURITY[operation.auth] }),
    request: {
      ...(Object.keys(content).length > 0 && { body: { content, required: false } }),
      ...(operation.query && { query: operation.query }),
      ...(operation.params && { params: operation.params }),
    },
    responses: Object.fromEntries(
      Object.entries(operation.responses).map(([status, answer]) => [
        status,
        { description: answer.description, ...(answer.body && { content: json(answer.body) }) },
      ]),
    ),
  };
}
