import autocannon from "autocannon";

export type LoadResult = { rps: number; p50: number; p99: number; non2xx: number; errors: number };

/** One autocannon run: requests per second and latency percentiles (ms). */
export async function load(options: {
  url: string;
  connections?: number;
  seconds?: number;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: string;
}): Promise<LoadResult> {
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
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
