import autocannon from "autocannon";

export type LoadOptions = {
  url: string;
  connections?: number;
  seconds?: number;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: string;
};
export type LoadResult = {
  rps: number;
  p50: number;
  p99: number;
  /** Responses received: 0 means the server did not answer one request in the whole run. */
  completed: number;
  non2xx: number;
  errors: number;
};

/** One autocannon run: requests per second and latency percentiles (ms). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 20,
    duration: options.seconds ?? 8,
    headers: options.headers,
    method: options.method ?? "GET",
    body: options.body,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Throughput of `a` relative to `b`, measured in alternation (a, b, a, b, …) after each has
 * warmed up, so that a slow phase of a noisy machine (another process, a CPU steal) lands on
 * both sides instead of on one: the ratio is the median of the rounds' ratios.
 */
export async function compareThroughput(
  a: LoadOptions & { name: string },
  b: LoadOptions & { name: string },
  { rounds = 5, seconds = 3 } = {},
): Promise<{ ratio: number; aRps: number; bRps: number }> {
  await warmUp(a);
  await warmUp(b);
  const ratios: number[] = [];
  const aRps: number[] = [];
  const bRps: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const resultA = assertClean(a.name, await load({ ...a, seconds }));
    const resultB = assertClean(b.name, await load({ ...b, seconds }));
    aRps.push(resultA.rps);
    bRps.push(resultB.rps);
    ratios.push(resultA.rps / resultB.rps);
  }
  return { ratio: median(ratios), aRps: median(aRps), bRps: median(bRps) };
}

/**
 * Loads `options` until its throughput is steady: two 2-second runs in a row within 10% of each
 * other (at most 40 s). V8 optimises a route's code only after thousands of calls, so a `next
 * start` that has served nothing yet runs at about half the speed of one that earlier rows kept
 * busy: a fixed one-second warm-up made the ES256 process (cold) vs the HS256 one (warm) 0.62,
 * and the same pair 1.16 right after. How many calls that takes depends on the machine's speed,
 * hence a steady state rather than a duration.
 */
export async function warmUp(options: LoadOptions): Promise<void> {
  let previous = (await load({ ...options, seconds: 2 })).rps;
  for (let run = 1; run < 20; run++) {
    const current = (await load({ ...options, seconds: 2 })).rps;
    if (Math.abs(current - previous) <= 0.1 * Math.max(current, previous)) return;
    previous = current;
  }
}

/** A run with failed requests measured something else than it claims: stop the bench. */
export function assertClean(name: string, result: LoadResult): LoadResult {
  if (result.completed === 0 || result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${name}: ${result.completed} answers, ${result.non2xx} of them non-2xx, and ${result.errors} errors: the figure would be meaningless`,
    );
  }
  return result;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Waits until `url` answers quickly again: a load generator that stops leaves requests the
 * server is still working through (a storm's abandoned logins), and the next measure must not
 * inherit them.
 */
export async function untilResponsive(url: string, { withinMs = 50, timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let quickInARow = 0;
  while (quickInARow < 3) {
    if (Date.now() > deadline) throw new Error(`${url} stayed slow for ${timeoutMs / 1000} s`);
    const start = performance.now();
    await fetch(url);
    quickInARow = performance.now() - start < withinMs ? quickInARow + 1 : 0;
  }
}

export function rps(value: number): string {
  return `${Math.round(value)} req/s`;
}

export function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}
