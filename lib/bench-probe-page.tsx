import { notFound } from "next/navigation";
import { getEnv } from "@/lib/env";

/**
 * The page `npm run bench` loads twice, behind the middleware's token check (/dashboard/...) and
 * outside it (/bench-probe), to measure what the edge gate costs. Exists only when BENCH_ROUTES=1.
 */
export function BenchProbePage() {
  if (!getEnv().BENCH_ROUTES) notFound();
  return (
    <main className="mx-auto max-w-xl px-6 py-24">
      <h1 className="text-2xl font-bold">Benchmark probe</h1>
      <p>The same markup on both sides of the comparison.</p>
    </main>
  );
}
