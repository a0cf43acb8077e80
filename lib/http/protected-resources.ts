import { getTokenEnv } from "@/lib/token-env";

/**
 * The protected resources (RFC 8707, RFC 9728) an app's access tokens are for, named in one
 * place: the task API (every route under /api) and the MCP endpoint (under /api/mcp). A token's
 * audience is exactly one of them, and a route takes only a token for its own resource: a token
 * an MCP client holds cannot call the task API directly, nor the other way round. Light (no zod):
 * the token code reads it.
 */
export const RESOURCE_PATHS = { tasks: "/api", mcp: "/api/mcp" } as const;

export type ResourceName = keyof typeof RESOURCE_PATHS;

/** The app's origin (BETTER_AUTH_URL). */
export const appOrigin = () => new URL(getTokenEnv().BETTER_AUTH_URL).origin;

export const resourceUrl = (name: ResourceName) => `${appOrigin()}${RESOURCE_PATHS[name]}`;

export const protectedResources = (): string[] =>
  (Object.keys(RESOURCE_PATHS) as ResourceName[]).map(resourceUrl);

/** The resource a request path belongs to: MCP under /api/mcp, the task API elsewhere. */
export function resourceNameOfPath(pathname: string): ResourceName {
  const mcp = RESOURCE_PATHS.mcp;
  return pathname === mcp || pathname.startsWith(`${mcp}/`) ? "mcp" : "tasks";
}

export const resourceOfPath = (pathname: string) => resourceUrl(resourceNameOfPath(pathname));

/** Where a resource's RFC 9728 metadata lives: the well-known path, then the resource's path. */
export function resourceMetadataUrl(name: ResourceName): string {
  const suffix = name === "tasks" ? "" : RESOURCE_PATHS[name];
  return `${appOrigin()}/.well-known/oauth-protected-resource${suffix}`;
}
