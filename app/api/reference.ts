import { apiReference } from "@/lib/openapi/document";
import * as adminAudit from "./admin/audit/route";
import * as adminStats from "./admin/stats/route";
import * as adminUserBan from "./admin/users/[id]/ban/route";
import * as adminUser from "./admin/users/[id]/route";
import * as adminUserSessions from "./admin/users/[id]/sessions/route";
import * as adminUserVerificationEmail from "./admin/users/[id]/verification-email/route";
import * as adminUsers from "./admin/users/route";
import * as apiKey from "./auth/api-keys/[id]/route";
import * as apiKeys from "./auth/api-keys/route";
import * as changeEmail from "./auth/change-email/route";
import * as connectedApp from "./auth/connected-apps/[id]/route";
import * as connectedApps from "./auth/connected-apps/route";
import * as deleteAccount from "./auth/delete-account/route";
import * as forgotPassword from "./auth/forgot-password/route";
import * as introspect from "./auth/introspect/route";
import * as login from "./auth/login/route";
import * as logout from "./auth/logout/route";
import * as me from "./auth/me/route";
import * as refresh from "./auth/refresh/route";
import * as register from "./auth/register/route";
import * as resetPassword from "./auth/reset-password/route";
import * as sessionEnded from "./auth/session-ended/route";
import * as session from "./auth/sessions/[id]/route";
import * as revokeOtherSessions from "./auth/sessions/revoke-others/route";
import * as sessions from "./auth/sessions/route";
import * as verifyEmail from "./auth/verify-email/route";
import * as cronPrune from "./cron/prune/route";
import * as healthLive from "./health/live/route";
import * as health from "./health/route";
import * as mcp from "./mcp/route";
import * as oauthConsent from "./oauth/authorize/route";
import * as oauthClient from "./oauth/clients/[clientId]/route";
import * as oauthClientSecret from "./oauth/clients/[clientId]/secret/route";
import * as oauthClients from "./oauth/clients/route";
import * as oauthRegister from "./oauth/register/route";
import * as oauthRevoke from "./oauth/revoke/route";
import * as oauthToken from "./oauth/token/route";
import * as stats from "./stats/route";
import * as task from "./tasks/[id]/route";
import * as tasks from "./tasks/route";
import * as workspaceInvitationResend from "./workspaces/[id]/invitations/[invitationId]/resend/route";
import * as workspaceInvitation from "./workspaces/[id]/invitations/[invitationId]/route";
import * as workspaceInvitations from "./workspaces/[id]/invitations/route";
import * as workspaceLeave from "./workspaces/[id]/leave/route";
import * as workspaceMember from "./workspaces/[id]/members/[userId]/route";
import * as workspaceMembers from "./workspaces/[id]/members/route";
import * as workspace from "./workspaces/[id]/route";
import * as workspaceStats from "./workspaces/[id]/stats/route";
import * as workspaceTask from "./workspaces/[id]/tasks/[taskId]/route";
import * as workspaceTasks from "./workspaces/[id]/tasks/route";
import * as workspaceTransfer from "./workspaces/[id]/transfer/route";
import * as acceptInvitation from "./workspaces/invitations/accept/route";
import * as workspaces from "./workspaces/route";

/**
 * The API's reference (lib/openapi/document.ts): every route module by its OpenAPI path, in the
 * order of the reference page; each declares its own contract. Not a route itself (only files
 * named route.ts are). tests/integration/openapi.test.ts fails on a route file missing here.
 */
export const API_REFERENCE = apiReference({
  "/api/auth/register": register,
  "/api/auth/login": login,
  "/api/auth/refresh": refresh,
  "/api/auth/logout": logout,
  "/api/auth/me": me,
  "/api/auth/forgot-password": forgotPassword,
  "/api/auth/reset-password": resetPassword,
  "/api/auth/verify-email": verifyEmail,
  "/api/auth/session-ended": sessionEnded,
  "/api/auth/introspect": introspect,
  "/api/auth/sessions": sessions,
  "/api/auth/sessions/{id}": session,
  "/api/auth/sessions/revoke-others": revokeOtherSessions,
  "/api/auth/change-email": changeEmail,
  "/api/auth/delete-account": deleteAccount,
  "/api/auth/api-keys": apiKeys,
  "/api/auth/api-keys/{id}": apiKey,
  "/api/oauth/authorize": oauthConsent,
  "/api/oauth/token": oauthToken,
  "/api/oauth/revoke": oauthRevoke,
  "/api/oauth/register": oauthRegister,
  "/api/auth/connected-apps": connectedApps,
  "/api/auth/connected-apps/{id}": connectedApp,
  "/api/oauth/clients": oauthClients,
  "/api/oauth/clients/{clientId}": oauthClient,
  "/api/oauth/clients/{clientId}/secret": oauthClientSecret,
  "/api/tasks": tasks,
  "/api/tasks/{id}": task,
  "/api/stats": stats,
  "/api/mcp": mcp,
  "/api/workspaces": workspaces,
  "/api/workspaces/{id}": workspace,
  "/api/workspaces/{id}/members": workspaceMembers,
  "/api/workspaces/{id}/members/{userId}": workspaceMember,
  "/api/workspaces/{id}/leave": workspaceLeave,
  "/api/workspaces/{id}/transfer": workspaceTransfer,
  "/api/workspaces/{id}/invitations": workspaceInvitations,
  "/api/workspaces/{id}/invitations/{invitationId}": workspaceInvitation,
  "/api/workspaces/{id}/invitations/{invitationId}/resend": workspaceInvitationResend,
  "/api/workspaces/invitations/accept": acceptInvitation,
  "/api/workspaces/{id}/tasks": workspaceTasks,
  "/api/workspaces/{id}/tasks/{taskId}": workspaceTask,
  "/api/workspaces/{id}/stats": workspaceStats,
  "/api/admin/users": adminUsers,
  "/api/admin/users/{id}": adminUser,
  "/api/admin/users/{id}/ban": adminUserBan,
  "/api/admin/users/{id}/sessions": adminUserSessions,
  "/api/admin/users/{id}/verification-email": adminUserVerificationEmail,
  "/api/admin/audit": adminAudit,
  "/api/admin/stats": adminStats,
  "/api/health": health,
  "/api/health/live": healthLive,
  "/api/cron/prune": cronPrune,
});
