import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  type PgColumn,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { ROLES } from "@/lib/validation/roles";

/**
 * The database schema: Better Auth's four tables (as its drizzle adapter expects them, plus our
 * `role`), and the product's own tables. Every row type in the app is inferred from here.
 */

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const user = pgTable(
  "user",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    role: text("role", { enum: ROLES }).notNull().default("user"),
    // When the role was set on purpose: ADMIN_EMAILS' one promotion (once the address is
    // verified) or an admin's change. Once set, ADMIN_EMAILS never changes the role again, so a
    // demotion sticks (lib/auth/account/admin-bootstrap.ts).
    roleSetAt: timestamp("role_set_at", { withTimezone: true }),
    // Better Auth's twoFactor plugin: set once a TOTP secret is confirmed with a code.
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    // Disabled by an admin (lib/admin/): no sign-in, no session, until `ban_expires` if set.
    // The names of Better Auth's admin plugin, so that plugin could read them.
    banned: boolean("banned").notNull().default(false),
    banReason: text("ban_reason"),
    banExpires: timestamp("ban_expires", { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    check("user_role_check", sql`${table.role} in ('user', 'admin')`),
    // The admin user list pages through users newest first.
    index("user_created_idx").on(table.createdAt, table.id),
  ],
);

/**
 * What the app says about a user (the guard's answer, tokens, sign-in and admin answers): never
 * a password hash, an image URL or a bookkeeping column.
 */
export const userProfileColumns = {
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  emailVerified: user.emailVerified,
  twoFactorEnabled: user.twoFactorEnabled,
};

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    // A grant to another app (lib/auth/oauth/, docs/oauth.md) is a session too, so that its
    // refresh tokens rotate, are caught on reuse and die with it exactly as a browser's do: the
    // client it was made for, the scopes the user consented to and the resource (RFC 8707) its
    // access tokens are for. All three are null for a person's own sign-in.
    oauthClientId: uuid("oauth_client_id").references(() => oauthClient.id, {
      onDelete: "cascade",
    }),
    scopes: text("scopes").array().$type<ApiScope[]>(),
    resource: text("resource"),
    // The shared workspace a grant is for (docs/oauth.md, "Grants for a workspace"), null for a
    // grant over the user's personal tasks. Deleting the workspace deletes its grants.
    workspaceId: uuid("workspace_id").references(() => workspace.id, { onDelete: "cascade" }),
    ...timestamps,
  },
  (table) => [
    index("session_user_id_idx").on(table.userId),
    // The prune (lib/maintenance/prune.ts) finds expired sessions by expiry.
    index("session_expires_at_idx").on(table.expiresAt),
    // Deleting a client reaches its grants by cascade.
    index("session_oauth_client_idx")
      .on(table.oauthClientId)
      .where(sql`${table.oauthClientId} is not null`),
    // Deleting a workspace reaches its grants by cascade.
    index("session_workspace_idx")
      .on(table.workspaceId)
      .where(sql`${table.workspaceId} is not null`),
    check(
      "session_grant_check",
      sql`(${table.oauthClientId} is null) = (${table.scopes} is null) and (${table.scopes} is null) = (${table.resource} is null) and (${table.scopes} is null or cardinality(${table.scopes}) > 0) and (${table.workspaceId} is null or ${table.oauthClientId} is not null)`,
    ),
  ],
);

/**
 * An app that may ask a user for a grant (lib/auth/oauth/): registered in Settings by a user
 * (`owner_id`), or by the app itself through dynamic registration (RFC 7591, no owner).
 * Redirect URIs are matched exactly. A confidential client keeps a secret, of which only a hash
 * is stored; a public client (`secret_hash` null: a CLI, an agent, a single-page app) proves
 * itself with PKCE alone.
 */
export const oauthClient = pgTable(
  "oauth_client",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clientId: text("client_id").notNull().unique(),
    name: text("name").notNull(),
    redirectUris: text("redirect_uris").array().notNull(),
    secretHash: text("secret_hash"),
    ownerId: text("owner_id").references(() => user.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // When a user first allowed the app (its first grant); null while nobody has.
    grantedAt: timestamp("granted_at", { withTimezone: true }),
  },
  (table) => [
    index("oauth_client_owner_idx").on(table.ownerId, table.createdAt),
    // The prune finds self-registered apps nobody ever allowed by age.
    index("oauth_client_unclaimed_idx")
      .on(table.createdAt)
      .where(sql`${table.ownerId} is null and ${table.grantedAt} is null`),
    check("oauth_client_redirect_uris_check", sql`cardinality(${table.redirectUris}) > 0`),
  ],
);

export type OauthClient = typeof oauthClient.$inferSelect;

/**
 * An authorization code (OAuth 2.1 §4.1): only its hash is stored, it lives seconds, and it is
 * bound to the client, the exact redirect URI, the PKCE challenge (S256), the consented scopes
 * and the resource. `used_at` marks it spent; `grant_session_id` names the grant it made, which a
 * second use of the code revokes.
 */
export const oauthAuthorizationCode = pgTable(
  "oauth_authorization_code",
  {
    codeHash: text("code_hash").primaryKey(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => oauthClient.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    redirectUri: text("redirect_uri").notNull(),
    codeChallenge: text("code_challenge").notNull(),
    scopes: text("scopes").array().$type<ApiScope[]>().notNull(),
    resource: text("resource").notNull(),
    // The workspace the user chose on the consent page, handed on to the grant.
    workspaceId: uuid("workspace_id").references(() => workspace.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    grantSessionId: text("grant_session_id").references(() => session.id, {
      onDelete: "set null",
    }),
  },
  (table) => [
    index("oauth_authorization_code_user_idx").on(table.userId),
    index("oauth_authorization_code_client_idx").on(table.clientId),
    // The prune finds spent and expired codes by expiry.
    index("oauth_authorization_code_expires_at_idx").on(table.expiresAt),
  ],
);

/**
 * A device authorization (RFC 8628): a command-line tool shows `user_code` and polls with the
 * device code, of which only the hash is stored. The user code (8 letters, stored without its
 * dash) is unique while pending, as the page looks it up by that alone. The approving user and
 * the status are set on the page; `used_at` marks the device code spent, and `grant_session_id`
 * names the grant it made, which a second redemption revokes. `interval_seconds` grows by 5 each
 * time the tool polls sooner than it (`slow_down`).
 */
export const oauthDeviceCode = pgTable(
  "oauth_device_code",
  {
    deviceCodeHash: text("device_code_hash").primaryKey(),
    userCode: text("user_code").notNull(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => oauthClient.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().$type<ApiScope[]>().notNull(),
    resource: text("resource").notNull(),
    status: text("status", { enum: ["pending", "approved", "denied"] })
      .notNull()
      .default("pending"),
    userId: text("user_id").references(() => user.id, { onDelete: "cascade" }),
    // The workspace the approving user chose on /device, handed on to the grant.
    workspaceId: uuid("workspace_id").references(() => workspace.id, { onDelete: "cascade" }),
    intervalSeconds: integer("interval_seconds").notNull(),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    grantSessionId: text("grant_session_id").references(() => session.id, {
      onDelete: "set null",
    }),
  },
  (table) => [
    uniqueIndex("oauth_device_code_pending_user_code_idx")
      .on(table.userCode)
      .where(sql`${table.status} = 'pending'`),
    index("oauth_device_code_client_idx").on(table.clientId),
    index("oauth_device_code_user_idx").on(table.userId),
    // The prune finds expired device codes by expiry.
    index("oauth_device_code_expires_at_idx").on(table.expiresAt),
    check(
      "oauth_device_code_status_check",
      sql`${table.status} in ('pending', 'approved', 'denied') and (${table.status} = 'pending') = (${table.userId} is null)`,
    ),
  ],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    ...timestamps,
  },
  (table) => [index("account_user_id_idx").on(table.userId)],
);

export const verification = pgTable(
  "verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (table) => [
    index("verification_identifier_idx").on(table.identifier),
    index("verification_expires_at_idx").on(table.expiresAt),
  ],
);

/**
 * Better Auth's twoFactor plugin (lib/auth/second-factor/): the TOTP secret and the backup codes,
 * both encrypted with BETTER_AUTH_SECRET by Better Auth; `verified` stays false until the secret
 * is confirmed with a code. Its own lockout counts failed codes across challenges.
 */
export const twoFactor = pgTable(
  "two_factor",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    secret: text("secret").notNull(),
    backupCodes: text("backup_codes").notNull(),
    verified: boolean("verified").notNull().default(true),
    failedVerificationCount: integer("failed_verification_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (table) => [index("two_factor_user_id_idx").on(table.userId)],
);

/**
 * Better Auth's passkey plugin (lib/auth/passkeys/): one WebAuthn credential per row. Only its
 * public key is stored (base64 COSE); `counter` is the authenticator's signature counter, which
 * each sign-in must raise (a cloned authenticator would repeat it). A credential belongs to one
 * account, and a sign-in finds it by `credential_id` alone.
 */
export const passkey = pgTable(
  "passkey",
  {
    id: text("id").primaryKey(),
    name: text("name"),
    publicKey: text("public_key").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    credentialID: text("credential_id").notNull().unique(),
    // An unsigned 32-bit value in WebAuthn: past an integer column's 2^31 - 1.
    counter: bigint("counter", { mode: "number" }).notNull(),
    deviceType: text("device_type").notNull(),
    backedUp: boolean("backed_up").notNull(),
    transports: text("transports"),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow(),
    aaguid: text("aaguid"),
  },
  (table) => [index("passkey_user_id_idx").on(table.userId)],
);

/**
 * Refresh tokens, one row per issued token, only as a SHA-256 hash. A family is a Better Auth
 * session: deleting the session (logout, revoke, password reset, account deletion) deletes the
 * family. `rotated_at` marks a token already exchanged for its successor.
 */
export const refreshToken = pgTable(
  "refresh_token",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: text("session_id")
      .notNull()
      .references(() => session.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    parentId: uuid("parent_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
  },
  (table) => [index("refresh_token_session_idx").on(table.sessionId)],
);

/** Security-relevant events (refresh-token reuse, ...), kept after the session is gone. */
export const securityEvent = pgTable(
  "security_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: text("type").notNull(),
    userId: text("user_id").references(() => user.id, { onDelete: "cascade" }),
    sessionId: text("session_id"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("security_event_user_idx").on(table.userId, table.createdAt),
    // The prune drops events past SECURITY_EVENT_RETENTION_DAYS, oldest first.
    index("security_event_created_at_idx").on(table.createdAt),
  ],
);

/**
 * API keys (lib/auth/api-keys/): a user's personal access tokens for scripts, each with its
 * scopes and an expiry. Only a SHA-256 hash of the key is stored, and its last four characters
 * to recognise it by; revoking a key deletes its row. `last_used_at` moves at most once a minute.
 */
export const apiKey = pgTable(
  "api_key",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    lastFour: text("last_four").notNull(),
    scopes: text("scopes").array().$type<ApiScope[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (table) => [
    index("api_key_user_idx").on(table.userId, table.createdAt),
    check("api_key_scopes_check", sql`cardinality(${table.scopes}) > 0`),
  ],
);

export type ApiKey = typeof apiKey.$inferSelect;

export const TASK_STATUSES = ["pending", "completed"] as const;
export const TASK_PRIORITIES = ["low", "medium", "high"] as const;

/**
 * Sort keys that are never null and order the way people mean them, so that keyset pagination
 * is one row comparison and one index range scan. Queries must use these exact expressions (with
 * inline constants, not parameters) for PostgreSQL to match them to the indexes below.
 */
export const taskSortKey = {
  // Tasks without a due date come after every dated task.
  dueDate: (dueDate: PgColumn): SQL => sql`coalesce(${dueDate}, 'infinity'::date)`,
  // low < medium < high, which the text values alone would sort as high < low < medium.
  priority: (priority: PgColumn): SQL =>
    sql`(case ${priority} when 'low' then 0 when 'medium' then 1 when 'high' then 2 end)`,
  // Case-insensitively ("apple pie" before "Banana Bread"), compared byte by byte after
  // lower-casing: the same order on every server whatever its default collation, so a cursor
  // taken on one page means the same position on the next.
  title: (title: PgColumn): SQL => sql`(lower(${title}) collate "C")`,
};

/** A workspace member's role, most powerful first (lib/workspaces/permissions.ts says who may do what). */
export const WORKSPACE_ROLES = ["owner", "admin", "member", "viewer"] as const;
/** The roles an invitation may offer: ownership is handed over by a transfer, never by mail. */
export const INVITED_ROLES = ["admin", "member", "viewer"] as const;
const quotedRoles = (roles: readonly string[]) => sql.raw(roles.map((r) => `'${r}'`).join(", "));

/**
 * A shared space of tasks (lib/workspaces/). Every account has exactly one personal workspace
 * (`personal_owner_id`), made with the account by a trigger on `user` (drizzle/0010): it has only
 * its owner, and cannot be left, transferred or deleted except with the account.
 */
export const workspace = pgTable("workspace", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  personalOwnerId: text("personal_owner_id")
    .unique()
    .references(() => user.id, { onDelete: "cascade" }),
  ...timestamps,
});

/** Who belongs to a workspace, and as what: the guard reads this row on every workspace request. */
export const workspaceMember = pgTable(
  "workspace_member",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspace.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role", { enum: WORKSPACE_ROLES }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.userId] }),
    // The switcher lists a user's workspaces.
    index("workspace_member_user_idx").on(table.userId),
    check("workspace_member_role_check", sql`${table.role} in (${quotedRoles(WORKSPACE_ROLES)})`),
  ],
);

/**
 * A pending invitation, by email. Only `sha256(token)` is stored: the link is the credential.
 * Accepting deletes the row (single use), revoking deletes it, resending replaces the hash (the
 * old link dies). One pending invitation per address and workspace.
 */
export const workspaceInvitation = pgTable(
  "workspace_invitation",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspace.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: INVITED_ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => user.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("workspace_invitation_email_idx").on(table.workspaceId, table.email),
    index("workspace_invitation_expires_at_idx").on(table.expiresAt),
    check("workspace_invitation_role_check", sql`${table.role} in (${quotedRoles(INVITED_ROLES)})`),
  ],
);

export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The task's author: a member may edit and delete the tasks they wrote.
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    // Left out of an INSERT, a trigger (drizzle/0010) files the task in its author's personal
    // workspace: the column is never null once stored.
    workspaceId: uuid("workspace_id")
      .notNull()
      .default(sql`null`)
      .references(() => workspace.id, { onDelete: "cascade" }),
    // A member of the task's workspace (the foreign key below); cleared when they leave.
    assigneeId: text("assignee_id"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("pending"),
    priority: text("priority", { enum: TASK_PRIORITIES }).notNull().default("medium"),
    dueDate: date("due_date", { mode: "string" }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (table) => [
    // Every task query is scoped to one workspace, so the workspace leads every index.
    index("tasks_workspace_created_idx").on(table.workspaceId, table.createdAt, table.id),
    index("tasks_workspace_due_idx").on(
      table.workspaceId,
      taskSortKey.dueDate(table.dueDate),
      table.id,
    ),
    index("tasks_workspace_priority_idx").on(
      table.workspaceId,
      taskSortKey.priority(table.priority),
      table.id,
    ),
    index("tasks_workspace_title_ci_idx").on(
      table.workspaceId,
      taskSortKey.title(table.title),
      table.id,
    ),
    // Deleting an account finds its tasks by author.
    index("tasks_user_idx").on(table.userId),
    foreignKey({
      name: "tasks_assignee_member_fk",
      columns: [table.workspaceId, table.assigneeId],
      foreignColumns: [workspaceMember.workspaceId, workspaceMember.userId],
    }).onDelete("set null"),
    check("tasks_status_check", sql`${table.status} in ('pending', 'completed')`),
    check("tasks_priority_check", sql`${table.priority} in ('low', 'medium', 'high')`),
  ],
);

export type User = typeof user.$inferSelect;
export type UserProfile = Pick<User, keyof typeof userProfileColumns>;
export type Session = typeof session.$inferSelect;
export type Task = typeof tasks.$inferSelect;

/**
 * Every admin action (lib/admin/audit.ts), written in the transaction of the change it records.
 * Names are copied, not only referenced: the trail outlives a deleted admin or account, and is
 * pruned with the security events (SECURITY_EVENT_RETENTION_DAYS).
 */
export const adminAction = pgTable(
  "admin_action",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    actorId: text("actor_id").references(() => user.id, { onDelete: "set null" }),
    actorEmail: text("actor_email").notNull(),
    action: text("action").notNull(),
    targetId: text("target_id"),
    targetEmail: text("target_email").notNull(),
    detail: text("detail"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("admin_action_created_at_idx").on(table.createdAt)],
);

export type AdminAction = typeof adminAction.$inferSelect;
