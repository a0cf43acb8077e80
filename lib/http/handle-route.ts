import { randomUUID } from "node:crypto";
import { z } from "zod";
import { errorResponse, HttpError, validationError } from "./errors";

/**
 * Wraps a route handler so every failure answers in the one error shape: HttpError as thrown,
 * ZodError as 400 with fields, anything else as a 500 with a request id and no details (the
 * error itself goes to the server log under the same id, never to the client).
 */
export function handleRoute<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    try {
      return await handler(request, ...args);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error);
      if (error instanceof z.ZodError) return errorResponse(validationError(error));
      const requestId = randomUUID();
      console.error(
        JSON.stringify({
          level: "error",
          requestId,
          method: request.method,
          path: new URL(request.url).pathname,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
      );
      return errorResponse(
        new HttpError(500, "internal_error", `Something went wrong (request ${requestId})`),
      );
    }
  };
}
