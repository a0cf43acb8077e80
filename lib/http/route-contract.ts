import type { z } from "zod";
import type { ApiScope } from "@/lib/validation/api-scopes";

/**
 * What a route declares about itself, once, beside its handler (./define-route.ts): the schemas
 * its request is read with and the answers it gives. lib/openapi/document.ts collects these into
 * the OpenAPI document, so what the document shows is what the route parses.
 */

/** The credential a route asks for, as the OpenAPI document names its security scheme. */
export type Security = "user" | "admin" | "cron" | "resource-server";

/** One answer of a route: what it means, and its JSON body when it has one. */
export type Answer = { description: string; body?: z.ZodType };

type Check<Caller> = (request: Request) => Caller | Promise<Caller>;

/**
 * The check a route runs before anything else, under the credential it asks for: `{ user:
 * requireUser }`. What the check returns is the handler's `caller`.
 */
export type Guard<Caller> = { [Name in Security]: { [Key in Name]: Check<Caller> } }[Security];

export type RouteContract<
  Caller = unknown,
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Query extends z.ZodObject | undefined = z.ZodObject | undefined,
  Params extends z.ZodObject | undefined = z.ZodObject | undefined,
> = {
  summary: string;
  /** The section of the reference the route is listed under. */
  tag: string;
  auth?: Guard<Caller>;
  /**
   * The scope an API key or an app's token needs to call the route (lib/validation/api-scopes.ts),
   * which the guard checks. A route that names none accepts neither.
   */
  scope?: ApiScope;
  /**
   * False where the guard takes apps' tokens with `scope` but no API key: a key acts on its
   * holder's personal tasks only, and a workspace's routes take a grant for that workspace.
   */
  apiKeys?: false;
  /** A rate limit counted after the guard and before the request is read, bad input included. */
  limit?: (request: Request) => Promise<void>;
  /** The JSON body, read and validated before the handler runs (415, 413, 400). */
  body?: Body;
  /** The query string, validated before the handler runs (400). */
  query?: Query;
  /**
   * The path's parameters, handed to the handler as sent: a malformed id names no resource, and
   * gets the same 404 as an unknown one.
   */
  params?: Params;
  /**
   * What the handler reads itself, when its reading is not the plain one above: a body that may
   * be absent or come as an OAuth2 form, a query whose bad value leads to a page, not a 400.
   */
  readsItself?: { body?: z.ZodType; form?: z.ZodType; query?: z.ZodObject };
  responses: Record<number, Answer>;
};

export const guardName = (guard: Guard<unknown>) => Object.keys(guard)[0] as Security;

export const guardCheck = <Caller>(guard: Guard<Caller>): Check<Caller> =>
  (Object.values(guard) as Check<Caller>[])[0] as Check<Caller>;

// The declared scope, from defineRoute to the guard the route runs (lib/auth/core/guard.ts): a
// guard called any other way (a page, a route without a contract) finds none and takes no key.
const declaredScopes = new WeakMap<Request, ApiScope>();

export function declareScope(request: Request, scope: ApiScope | undefined): void {
  if (scope) declaredScopes.set(request, scope);
}

/** The scope the route serving `request` declared, if it takes API keys at all. */
export const declaredScope = (request: Request): ApiScope | undefined =>
  declaredScopes.get(request);
