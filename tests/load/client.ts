import { PRODUCTION_COOKIES, setCookies } from "../support/cookies";

/** A virtual API client for the load tests: one account, Bearer tokens, its own bookkeeping. */
const PASSWORD = "load test password";
const MIX = [
  "list",
  "list",
  "list",
  "create",
  "create",
  "complete",
  "delete",
  "stats",
  "stats",
  "refresh",
] as const;

export type ApiClient = Awaited<ReturnType<typeof apiClient>>;

/** Sign-ups that met a 503 and were retried, as a well-behaved client does (setup, not load). */
export const setupRetries = { count: 0 };

// Each sign-up costs a bcrypt hash (~0.3 s on the one hashing thread of a 2-core machine): a burst
// of 100 fills the hashing queue, and the server answers the rest at once with 503 and Retry-After
// (lib/auth/passwords/bcrypt-pool.ts). A well-behaved client waits that long, plus a random second
// so the retries do not all land in one wave again.
const REGISTER_ATTEMPTS = 12;

async function register(origin: string, email: string): Promise<Response> {
  for (let attempt = 0; attempt < REGISTER_ATTEMPTS; attempt++) {
    const response = await fetch(`${origin}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    if (response.status === 201) return response;
    if (response.status !== 503) throw new Error(`register ${email}: ${response.status}`);
    setupRetries.count++;
    await response.arrayBuffer();
    const retryAfterMs = Number(response.headers.get("retry-after") ?? 1) * 1000;
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + Math.random() * 1000));
  }
  throw new Error(`register ${email}: still 503 after ${REGISTER_ATTEMPTS} attempts`);
}

export async function apiClient(origin: string, label: string) {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@load.test`;
  const registered = await register(origin, email);
  const userId: string = (await registered.json()).user.id;
  // Registration signs in: its cookies are this client's one refresh family.
  const cookies = setCookies(registered);
  const tokens = {
    access: cookies[PRODUCTION_COOKIES.access]?.value ?? "",
    refresh: cookies[PRODUCTION_COOKIES.refresh]?.value ?? "",
  };
  const created = new Set<string>();
  const deleted = new Set<string>();
  const completed = new Set<string>();
  const statuses: number[] = [];

  function postLogin(password: string, at = origin) {
    return fetch(`${at}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  }

  async function call(path: string, init: RequestInit = {}) {
    const response = await fetch(`${origin}${path}`, {
      ...init,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${tokens.access}`,
        ...init.headers,
      },
    });
    statuses.push(response.status);
    return response;
  }

  const liveTaskIds = () => new Set([...created].filter((id) => !deleted.has(id)));
  const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

  async function act(action: (typeof MIX)[number]) {
    const live = [...liveTaskIds()];
    if (action === "list") await (await call("/api/tasks?limit=20")).arrayBuffer();
    if (action === "stats") await (await call("/api/stats?tz=Europe/Paris")).arrayBuffer();
    if (action === "create") {
      const response = await call("/api/tasks", {
        method: "POST",
        body: JSON.stringify({ title: `Task of ${email}` }),
      });
      if (response.status === 201) created.add((await response.json()).id);
    }
    const target = pick(live.filter((id) => !completed.has(id)));
    if (action === "complete" && target) {
      const response = await call(`/api/tasks/${target}`, {
        method: "PATCH",
        body: JSON.stringify({ status: "completed" }),
      });
      await response.arrayBuffer();
      if (response.status === 200) completed.add(target);
    }
    const victim = pick(live);
    if (action === "delete" && victim) {
      const response = await call(`/api/tasks/${victim}`, { method: "DELETE" });
      if (response.status === 204) deleted.add(victim);
    }
    if (action === "refresh") {
      const response = await fetch(`${origin}/api/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: tokens.refresh }),
      });
      statuses.push(response.status);
      if (response.status === 200) {
        const body = await response.json();
        tokens.access = body.access_token;
        tokens.refresh = body.refresh_token;
      }
    }
  }

  return {
    userId,

    async login() {
      const response = await postLogin(PASSWORD);
      await response.arrayBuffer();
      return { status: response.status };
    },

    async loginStatus(password: string) {
      const response = await postLogin(password);
      await response.arrayBuffer();
      return response.status;
    },

    /** The same account signing in through another app instance. */
    async loginStatusAt(otherOrigin: string, password: string) {
      const response = await postLogin(password, otherOrigin);
      await response.arrayBuffer();
      return response.status;
    },
    created,
    statuses,
    liveTaskIds,

    async runMix(deadline: number) {
      while (Date.now() < deadline) await act(pick([...MIX]) ?? "list");
    },

    /** Every task id the API lists for this user, page by page. */
    async listAll() {
      const ids = new Set<string>();
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page = await (await call(`/api/tasks?limit=100${query}`)).json();
        for (const task of page.items) ids.add(task.id);
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    },

    /** Fires `count` refreshes with the same token at once; keeps the successor. */
    async refreshConcurrently(count: number) {
      const presented = tokens.refresh;
      const responses = await Promise.all(
        Array.from({ length: count }, () =>
          fetch(`${origin}/api/auth/refresh`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ refresh_token: presented }),
          }),
        ),
      );
      for (const response of responses) {
        if (response.status === 200) tokens.refresh = (await response.json()).refresh_token;
        else await response.arrayBuffer();
      }
      return responses.map((response) => response.status);
    },

    async timedCreate(title: string) {
      const started = performance.now();
      const response = await call("/api/tasks", {
        method: "POST",
        body: JSON.stringify({ title }),
      });
      const body = await response.json().catch(() => null);
      if (response.status === 201) created.add(body.id);
      return {
        status: response.status,
        code: body?.error?.code as string | undefined,
        ms: performance.now() - started,
      };
    },
  };
}
