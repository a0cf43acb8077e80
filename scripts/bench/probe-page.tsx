/**
 * The page `npm run bench` loads twice, behind the middleware's token check (/dashboard/...) and
 * outside it (/bench-probe), to measure what the edge gate costs. Only the bench's own build
 * has it (`*.bench.tsx` pages, next.config.ts).
 */
export function BenchProbePage() {
  return (
    <main className="mx-auto max-w-xl px-6 py-24">
      <h1 className="text-2xl font-bold">Benchmark probe</h1>
      <p>The same markup on both sides of the comparison.</p>
    </main>
  );
}
