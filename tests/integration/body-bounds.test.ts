import { readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVED_ENDPOINTS } from "@/lib/auth/front-door/surface";
import { BODY_READ_TIMEOUT_MS } from "@/lib/http/read-body";
import { createSignedInUser } from "../support/auth";
import { serveRoutes } from "../support/serve-route";

/**
 * Every byte a client sends is bounded before it is buffered. Every route handler under app/api
 * and every Better Auth endpoint the front door serves is sent, over real HTTP, a chunked body
 * far past the cap and a body that declares its length and then stops. Each must be answered
 * (never a 5xx, the stalled one within the read timeout) while the process's memory stays flat.
 * The requests carry a signed-in user's access token, so handlers get past their sign-in check
 * to their body read.
 */
const OVERSIZED_BYTES = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, "a");
// What the whole walk may add to the resident set: far less than one oversized body.
const MEMORY_GROWTH_LIMIT_BYTES = 48 * 1024 * 1024;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

type Endpoint = { method: string; path: string };
type Handler = (request: Request, context?: unknown) => Promise<Response>;

const API_DIR = join(process.cwd(), "app/api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? routeFiles(join(dir, entry.name))
      : entry.name === "route.ts"
        ? [join(dir, entry.name)]
        : [],
  );
}

let server: Awaited<ReturnType<typeof serveRoutes>>;
let authorization: string;
const endpoints: Endpoint[] = [];

beforeAll(async () => {
  authorization = (await createSignedInUser()).headers.authorization;
  const routes: Record<string, Handler> = {};
  for (const file of routeFiles(API_DIR)) {
    const folder = relative(API_DIR, file).replace(/\/?route\.ts$/, "");
    const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    if (folder.includes("[...")) {
      // The front door: every endpoint it serves, each through the one catch-all handler.
      for (const [key, endpoint] of Object.entries(SERVED_ENDPOINTS)) {
        const path = `/api/${folder.replace(/\/\[\.\.\.\w+\]$/, "")}${key.replace(/:\w+/g, "x")}`;
        routes[`${endpoint.method} ${path}`] = module[endpoint.method] as Handler;
        endpoints.push({ method: endpoint.method, path });
      }
      continue;
    }
    const params = Object.fromEntries(
      [...folder.matchAll(/\[(\w+)\]/g)].map(([, name]) => [name, PLACEHOLDER_ID]),
    );
    const path = `/api/${folder.replace(/\[\w+\]/g, PLACEHOLDER_ID)}`;
    for (const method of METHODS) {
      const handler = module[method] as Handler | undefined;
      if (!handler) continue;
      routes[`${method} ${path}`] = (request) =>
        handler(request, { params: Promise.resolve(params) });
      endpoints.push({ method, path });
    }
  }
  server = await serveRoutes(routes);
});

afterAll(() => server.close());

/** The answer's status, or undefined when the server closed the connection without one. */
type Answer = { status: number | undefined; ms: number; sent?: number };

/** Sends `start`'s bytes, then whatever `more` writes until the answer comes. */
function send(
  { method, path }: Endpoint,
  headers: Record<string, string>,
  more: (write: (chunk: Buffer) => boolean, answered: () => boolean) => Promise<void>,
): Promise<Answer> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let status: number | undefined;
    const finish = () => resolve({ status, ms: performance.now() - startedAt });
    // A server that refuses a body mid-upload closes the connection, and the client's next
    // write can fail before the answer already on the wire has been read: wait for it a moment.
    const finishSoon = () => setTimeout(finish, 200);
    const outgoing = httpRequest(`${server.origin}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization, ...headers },
      // A connection of its own: one the server closed after refusing a body is not reused.
      agent: false,
    });
    outgoing.on("response", (response) => {
      status = response.statusCode;
      response.resume();
      response.on("end", finish);
      response.on("error", finish);
    });
    outgoing.on("error", finishSoon);
    more(
      (chunk) => outgoing.write(chunk),
      () => status !== undefined || outgoing.destroyed,
    ).then(
      () => outgoing.end(),
      () => outgoing.destroy(),
    );
  });
}

async function oversized(endpoint: Endpoint): Promise<Answer> {
  let sent = 0;
  const answer = await send(
    endpoint,
    { "transfer-encoding": "chunked" },
    async (write, answered) => {
      // One chunk per turn of the event loop, so the answer is read as soon as it comes, as a
      // client that reads while it sends does.
      for (; sent < OVERSIZED_BYTES && !answered(); sent += CHUNK.length) {
        write(CHUNK);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  );
  return { ...answer, sent };
}

/**
 * Refused, as far as a client can tell: answered, or the connection closed by the server long
 * before the body was sent. A server that stops reading a body closes the connection; unread
 * bytes make that a TCP reset, which may discard the answer on its way to a client that is still
 * sending (an HTTP/1.1 fact, not ours).
 */
const refused = ({ status, sent = 0 }: Answer) =>
  status === undefined ? sent < OVERSIZED_BYTES / 4 : status < 500;

// Declares 1,000 bytes, sends two, and never sends the rest (nor ends the request).
const stalled = (endpoint: Endpoint) =>
  send(endpoint, { "content-length": "1000" }, async (write, answered) => {
    write(Buffer.from("{}"));
    while (!answered()) await new Promise((resolve) => setTimeout(resolve, 50));
  });

function peakRss() {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return () => {
    clearInterval(sampler);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

const describeAnswers = (answers: [Endpoint, Answer][]) =>
  answers.map(
    ([{ method, path }, { status, sent }]) => `${method} ${path} ${status} after ${sent} bytes`,
  );

describe("bodies past the cap or stalled, on every endpoint", () => {
  it("answers each oversized chunked body without buffering it", { timeout: 240_000 }, async () => {
    const before = process.memoryUsage.rss();
    const stop = peakRss();
    const answers: [Endpoint, Answer][] = [];
    for (const endpoint of endpoints) answers.push([endpoint, await oversized(endpoint)]);
    const grown = stop() - before;
    console.info(
      `${endpoints.length} endpoints, ${OVERSIZED_BYTES / 2 ** 20} MB each: RSS ` +
        `${Math.round(before / 2 ** 20)} MB before, peak ${Math.round((before + grown) / 2 ** 20)} MB; ` +
        `${answers.filter(([, answer]) => answer.status === 413).length} answered 413, ` +
        `${answers.filter(([, answer]) => answer.status === undefined).length} closed early`,
    );
    expect(describeAnswers(answers.filter(([, answer]) => !refused(answer)))).toEqual([]);
    expect(grown).toBeLessThan(MEMORY_GROWTH_LIMIT_BYTES);
  });

  it("answers each stalled body, at the latest when the read times out", async () => {
    const answers = await Promise.all(
      endpoints.map(
        async (endpoint): Promise<[Endpoint, Answer]> => [endpoint, await stalled(endpoint)],
      ),
    );
    const unanswered = answers.filter(
      ([, { status, ms }]) =>
        status === undefined || status >= 500 || ms > BODY_READ_TIMEOUT_MS + 5_000,
    );
    expect(describeAnswers(unanswered)).toEqual([]);
    const timedOut = answers.filter(([, { status }]) => status === 408);
    console.info(`${timedOut.length} of ${endpoints.length} stalled bodies answered 408`);
    for (const path of ["/api/auth/refresh", "/api/auth/logout", "/api/tasks"]) {
      const answer = answers.find(
        ([endpoint]) => endpoint.path === path && endpoint.method === "POST",
      );
      expect(answer?.[1].status).toBe(408);
    }
  }, 60_000);
});
