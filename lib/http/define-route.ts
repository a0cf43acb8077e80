import type { z } from "zod";
import { handleRoute } from "./handle-route";
import { readJson } from "./read-json";
import { readQuery } from "./read-query";
import { declareScope, guardCheck, type RouteContract } from "./route-contract";

type Parsed<Schema> = Schema extends z.ZodType ? z.infer<Schema> : undefined;

type RouteInput<Caller, Body, Query, Params> = {
  request: Request;
  caller: Caller;
  body: Parsed<Body>;
  query: Parsed<Query>;
  params: Parsed<Params>;
};

type RouteContext = { params: Promise<Record<string, string>> };

/**
 * A route handler and its contract, said once: the guard runs first (told the scope an API key
 * needs, if the route takes keys), then the rate limit, then the query and the JSON body are
 * validated against the contract's schemas (the ones the OpenAPI document shows), and the
 * handler gets them parsed. Everything else is `handleRoute`'s: CSRF,
 * CORS, the one error shape, the log line.
 */
export function defineRoute<
  Caller = undefined,
  Body extends z.ZodType | undefined = undefined,
  Query extends z.ZodObject | undefined = undefined,
  Params extends z.ZodObject | undefined = undefined,
>(
  contract: RouteContract<Caller, Body, Query, Params>,
  handler: (input: RouteInput<Caller, Body, Query, Params>) => Promise<Response>,
) {
  const serve = handleRoute(async (request: Request, context?: RouteContext) => {
    declareScope(request, contract.scope);
    const caller = (contract.auth && (await guardCheck(contract.auth)(request))) as Caller;
    await contract.limit?.(request);
    const query = (contract.query && readQuery(request, contract.query)) as Parsed<Query>;
    const body = (contract.body && (await readJson(request, contract.body))) as Parsed<Body>;
    const params = (await context?.params) as Parsed<Params>;
    return handler({ request, caller, body, query, params });
  });
  return withContract(contract as RouteContract, serve);
}

/** A handler outside `handleRoute` (a health check must not depend on it), with its contract. */
export function withContract<Handler extends (...args: never[]) => unknown>(
  contract: RouteContract,
  handler: Handler,
): Handler & { contract: RouteContract } {
  return Object.assign(handler, { contract });
}
