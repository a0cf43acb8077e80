import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isDataException } from "@/lib/db/data-exception";
import { isSessionEnded } from "@/lib/db/session-ended";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { unauthenticatedError } from "./bearer-challenge";
import { answerForConstraint } from "./constraint-answers";
import { applyCors } from "./cors";
import { assertNotCrossSite } from "./csrf";
import { errorResponse, HttpError, validationError } from "./errors";
import { describeError, logEvent, logRequest, requestUser } from "./log";
import { resourceNameOfPath } from "./protected-resources";
import { ClientGoneError } from "./read-body";
import { RETRY_AFTER_SECONDS } from "./retry-page";
import { workspaceRefusal } from "./workspace-refusal";

/**
 * Wraps a route handler so that every request:
 * - is refused with 403 when it is a cross-site forgery (lib/http/csrf.ts), before the handler;
 * - fails in the one error shape: HttpError as thrown, ZodError as 400 with fields, a statement
 *   refused because the caller's session has ended as 401 (lib/auth/core/owner-scope.ts) or by
 *   a workspace's membership or role check as 404 or 403 (lib/workspaces/scope.ts), one
 *   that lost a race to a unique or foreign-key constraint as its answer (409, 401), one that
 *   PostgreSQL refused a request's value in (a data exception: a NUL in text) as 400, an
 *   unreachable database as 503 with Retry-After, a client that hung up mid-body as nothing
 *   (nobody is left to read it: logged at info, status 499 as nginx logs it), anything else as a
 *   500 with a request id and no details (the error itself goes to the server log under the same
 *   id, never to the client);
 * - answers with CORS headers for listed origins and `X-Request-Id`;
 * - leaves one structured log line (lib/http/log.ts).
 */
export function handleRoute<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    const startedAt = performance.now();
    const requestId = randomUUID();
    const response = applyCors(request, await respond(handler, request, args, requestId));
    response.headers.set("x-request-id", requestId);
    logRequest({
      requestId,
      method: request.method,
      url: request.url,
      status: response.status,
      durationMs: performance.now() - startedAt,
      userId: requestUser(request),
    });
    return response;
  };
}

async function respond<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
  request: Request,
  args: Args,
  requestId: string,
): Promise<Response> {
  try {
    assertNotCrossSite(request);
    return await handler(request, ...args);
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error);
    if (error instanceof ClientGoneError) {
      logEvent("info", "client_closed_request", { requestId });
      return new Response(null, { status: 499 });
    }
    if (error instanceof z.ZodError) return errorResponse(validationError(error));
    // Only a scope made from a verified access token checks its session in the statement.
    if (isSessionEnded(error))
      return errorResponse(
        unauthenticatedError(true, resourceNameOfPath(new URL(request.url).pathname)),
      );
    // A workspace scope also checks the membership and the role there (404, 403).
    const refused = workspaceRefusal(error);
    if (refused) return errorResponse(refused);
    const lostRace = answerForConstraint(error);
    if (lostRace) return errorResponse(lostRace);
    // A value from the request that PostgreSQL refused, which no check before the statement
    // caught: bad input, answered as such. Logged, since a check belongs where it came through.
    if (isDataException(error)) {
      logEvent("warn", "value_refused_by_database", { requestId, error: describeError(error) });
      return errorResponse(
        new HttpError(400, "invalid_value", "A value in the request cannot be stored or read"),
      );
    }
    if (isDatabaseUnavailable(error)) {
      logEvent("error", "database_unavailable", { requestId, error: describeError(error) });
      return errorResponse(
        new HttpError(
          503,
          "service_unavailable",
          "The service is briefly unavailable. Try again in a few seconds.",
          {
            headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
          },
        ),
      );
    }
    logEvent("error", "unhandled_error", { requestId, error: describeError(error) });
    return errorResponse(
      new HttpError(500, "internal_error", `Something went wrong (request ${requestId})`),
    );
  }
}
