import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { findFreePort } from "@/lib/db/embedded";
import { PRODUCTION_COOKIES, setCookies } from "../../tests/support/cookies";
import { type RecordRow, registerAccount } from "./accounts";
import { compareThroughput, median, ms, rps } from "./load";
import { startBenchApp } from "./server";

/**
 * The page proxy (proxy.ts), measured: what its gate and its in-process refresh cost a page, what
 * one session query would add to every protected page, and the first answers of a fresh
 * `next start`. Every app here shares its secrets, so a token from one is good on all of them.
 */
const SAMPLES = 31;
const COLD_STARTS = 3;

export async function benchPages({
  databaseUrl,
  record,
}: {
  databaseUrl: string;
  record: RecordRow;
}): Promise<void> {
  const secrets = {
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
    JWT_SECRET_KEY: randomBytes(32).toString("base64url"),
  };
  const app = await startBenchApp(databaseUrl, await findFreePort(), secrets);
  try {
    const user = await registerAccount(app.origin, `bench-pages-${Date.now()}@example.test`);
    const access = { cookie: `${PRODUCTION_COOKIES.access}=${user.accessToken}` };

    // 1. The proxy's refresh: a page whose access cookie has expired (the browser drops it at
    // its Max-Age) with a live refresh cookie, each request presenting the token the one before
    // it was given (a real rotation every time), vs the same page with a valid access token.
    let refreshToken = user.refreshToken;
    const refreshed = async () => {
      const response = await get(`${app.origin}/dashboard`, {
        cookie: `${PRODUCTION_COOKIES.refresh}=${refreshToken}`,
      });
      refreshToken = setCookies(response)[PRODUCTION_COOKIES.refresh]?.value ?? "";
      if (!refreshToken) throw new Error("the page request was not refreshed");
    };
    const valid = () => get(`${app.origin}/dashboard`, access);
    const [withRefresh, withToken] = await sampleAlternately(refreshed, valid);
    record(
      {
        measure: "page with expired access + live refresh cookie vs valid access (median ms)",
        a: ms(withRefresh),
        b: ms(withToken),
        ratio: withRefresh / withToken,
        target: "≤ 1.3",
      },
      (r) => r <= 1.3,
    );

    // 2. The proxy's token check on a page vs the same page it does not check (both pass
    // through the proxy for their CSP nonce).
    const protectedPage = {
      name: "protected page",
      url: `${app.origin}/dashboard/bench-probe`,
      headers: access,
    };
    const open = { name: "open page", url: `${app.origin}/bench-probe` };
    const gate = await compareThroughput(protectedPage, open);
    record(
      {
        measure: "protected page vs same page unprotected (req/s)",
        a: rps(gate.aRps),
        b: rps(gate.bRps),
        ratio: gate.ratio,
        target: "≥ 0.8",
      },
      (r) => r >= 0.8,
    );

    // 3. Should the proxy also check the session? That is one indexed query more on every
    // protected page (each page asks the guard anyway): the same probe with the guard's query.
    const withQuery = {
      name: "protected page + session query",
      url: `${app.origin}/dashboard/bench-probe/session`,
      headers: access,
    };
    const query = await compareThroughput(withQuery, protectedPage);
    record(
      {
        measure: "protected page + one session query vs protected page (req/s)",
        a: rps(query.aRps),
        b: rps(query.bRps),
        ratio: query.ratio,
        target: "informs the choice",
      },
      () => true,
    );

    // 4. Cold start: the first answer of a freshly started `next start`, nothing asked before it
    // (not even /api/health: the port opening is the sign it is up). Starts alternate between
    // the three targets, so a slow phase of the machine lands on each.
    const targets = {
      health: { url: "/api/health", headers: {} },
      page: { url: "/dashboard", headers: access },
      tasks: { url: "/api/tasks", headers: { authorization: `Bearer ${user.accessToken}` } },
    };
    const firsts: Record<keyof typeof targets, number[]> = { health: [], page: [], tasks: [] };
    for (let start = 0; start < COLD_STARTS; start++) {
      for (const [name, target] of Object.entries(targets)) {
        firsts[name as keyof typeof targets].push(
          await firstAnswer(databaseUrl, secrets, target.url, target.headers),
        );
      }
    }
    for (const [name, label] of [
      ["page", "protected page"],
      ["tasks", "GET /api/tasks"],
    ] as const) {
      record(
        {
          measure: `cold start: first ${label} vs first /api/health (median of ${COLD_STARTS}, ms)`,
          a: ms(median(firsts[name])),
          b: ms(median(firsts.health)),
          ratio: median(firsts[name]) / median(firsts.health),
          target: "≤ 1.2",
        },
        (r) => r <= 1.2,
      );
    }
  } finally {
    await app.stop();
  }
}

async function get(url: string, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(url, { headers, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return response;
}

/** Median durations (ms) of `a` and `b`, called in alternation after a few warm-up calls. */
async function sampleAlternately(a: () => Promise<unknown>, b: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) {
    await a();
    await b();
  }
  const durations: [number[], number[]] = [[], []];
  for (let i = 0; i < SAMPLES; i++) {
    for (const [index, call] of [a, b].entries()) {
      const start = performance.now();
      await call();
      durations[index]?.push(performance.now() - start);
    }
  }
  return [median(durations[0]), median(durations[1])] as const;
}

/** Starts a fresh app, waits for its port to open, and times its first answer to `path`. */
async function firstAnswer(
  databaseUrl: string,
  secrets: Record<string, string>,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const port = await findFreePort();
  const app = await startBenchApp(databaseUrl, port, secrets, { ready: () => isListening(port) });
  try {
    const start = performance.now();
    await get(`${app.origin}${path}`, headers);
    return performance.now() - start;
  } finally {
    await app.stop();
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
