import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { ServedEndpoint } from "@/lib/auth/contract/endpoint";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { guardName, type RouteContract, type Security } from "@/lib/http/route-contract";
import type { ApiScope } from "@/lib/validation/api-scopes";
import { endpointAnswers } from "./better-auth-answers";
import {
  type Answer,
  error,
  oauthError,
  oauthErrorBody,
  openApiDocumentBody,
  refusedByBetterAuth,
} from "./responses";

/**
 * The OpenAPI 3.1 document of every route under app/api (served at /api/openapi.json, rendered at
 * /docs/api), collected from the contracts the routes declare with `defineRoute`
 * (lib/http/define-route.ts): the schemas a route reads its request with and the answers it gives
 * (./responses.ts). Better Auth's endpoints come from the auth features that serve them.
 * tests/integration/openapi.test.ts validates the document, fails on a route file that is not in
 * it, and checks the handlers' answers to examples against the schemas here.
 */

type Method = "get" | "post" | "patch" | "delete";
export type Operation = {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  auth?: Security;
  /** The scope an API key needs here; without one, the route takes no key. */
  scope?: ApiScope;
  body?: z.ZodType;
  /** The OAuth2 form the endpoint also accepts, by its own field names. */
  form?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  responses: Record<number, Answer>;
};

/** A route module as Next serves it: its exports by name. */
type RouteModule = Record<string, unknown>;

const METHODS: Method[] = ["get", "post", "patch", "delete"];
const json = (body: z.ZodType) => ({ "application/json": { schema: body } });

/** The contract of the route that serves this document: it cannot list itself among the rest. */
export const DOCUMENT_CONTRACT: RouteContract = {
  tag: "Operations",
  summary: "This document",
  responses: { 200: { description: "OpenAPI 3.1", body: openApiDocumentBody } },
};
const DOCUMENT_PATH = "/api/openapi.json";

/**
 * The API's reference from its route modules by OpenAPI path, in the order of the reference page,
 * and the Better Auth endpoints the auth features serve. A method a route serves without a
 * contract is a mistake caught when the reference is built.
 */
export function apiReference(
  routes: Record<string, RouteModule>,
  betterAuthEndpoints: Record<string, ServedEndpoint> = SERVED_ENDPOINTS,
) {
  const operations = [
    ...Object.entries(routes).flatMap(([path, module]) => routeOperations(path, module)),
    operationOf(DOCUMENT_PATH, "get", DOCUMENT_CONTRACT),
    ...betterAuthOperations(betterAuthEndpoints),
  ];
  let generated: ReturnType<typeof generate> | undefined;
  return {
    operations,
    document(serverUrl: string) {
      generated ??= generate(operations);
      return { ...generated, servers: [{ url: serverUrl }] };
    },
  };
}

function routeOperations(path: string, module: RouteModule): Operation[] {
  return METHODS.flatMap((method) => {
    const handler = module[method.toUpperCase()];
    if (handler === undefined) return [];
    const contract = (handler as { contract?: RouteContract }).contract;
    if (!contract) throw new Error(`${method.toUpperCase()} ${path} is served without a contract`);
    return [operationOf(path, method, contract)];
  });
}

function operationOf(path: string, method: Method, contract: RouteContract): Operation {
  const { readsItself } = contract;
  return {
    method,
    path,
    summary: contract.summary,
    tag: contract.tag,
    auth: contract.auth && guardName(contract.auth),
    scope: contract.apiKeys === false ? undefined : contract.scope,
    body: contract.body ?? readsItself?.body,
    form: readsItself?.form,
    query: contract.query ?? readsItself?.query,
    params: contract.params,
    responses: answersOf(contract),
  };
}

// Better Auth's endpoints we serve, as the features declare them.
function betterAuthOperations(endpoints: Record<string, ServedEndpoint>): Operation[] {
  return Object.entries(endpoints).map(([path, endpoint]): Operation => {
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
      // The front door's own refusals, unless the endpoint declares a more precise answer.
      responses: {
        400: refusedByBetterAuth(
          "The body or query is invalid (`fields`), or Better Auth refused it",
        ),
        401: refusedByBetterAuth(
          signedIn
            ? "Not signed in, or the credentials are refused"
            : "The credentials are refused",
        ),
        429: refusedByBetterAuth("Past the rate limit: Retry-After says when to try again"),
        ...endpointAnswers(endpoint),
      },
    };
  });
}

const SECURITY: Record<Security, RouteConfig["security"]> = {
  user: [{ bearerAuth: [] }, { cookieAuth: [] }],
  admin: [{ bearerAuth: [] }, { cookieAuth: [] }],
  cron: [{ cronSecret: [] }],
  "resource-server": [{ resourceServerBasic: [] }, { resourceServerBearer: [] }],
};

function generate(operations: Operation[]) {
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
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "tfk_…",
    description:
      "An API key from Settings → API keys, on the routes that name the scope it needs " +
      "(403 `insufficient_scope` without it)",
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
  for (const operation of operations) registry.registerPath(routeConfig(operation));
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
    ...(operation.auth && { security: securityOf(operation) }),
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

function securityOf({ auth, scope }: Operation): RouteConfig["security"] {
  const schemes = SECURITY[auth as Security] ?? [];
  return scope ? [...schemes, { apiKey: [scope] }] : schemes;
}

/**
 * A route that takes API keys also refuses one without its scope. A route that reads a body also
 * refuses one past 64 KB (413) or not all arrived in time (408) (lib/http/read-body.ts), and one
 * the contract reads as JSON sent as anything else (415, lib/http/read-json.ts): in RFC 6749's
 * shape where the route answers OAuth clients in it, in ours elsewhere.
 */
function answersOf({ scope, responses, body, readsItself }: RouteContract): Record<number, Answer> {
  const refusal = responses[400]?.body === oauthErrorBody ? oauthError : error;
  const answers: Record<number, Answer> = {};
  if (body ?? readsItself?.body ?? readsItself?.form) {
    answers[408] = refusal("The body did not all arrive within 10 seconds");
    answers[413] = refusal("The body is larger than 64 KB");
  }
  if (body) answers[415] = refusal("The body is not application/json");
  if (scope)
    answers[403] = error("An API key or an app's token without the scope this route needs");
  return { ...answers, ...responses };
}
