import { getPageSession } from "@/lib/auth/core/page-session";
import { BenchProbePage } from "@/scripts/bench/probe-page";

/**
 * The probe page plus the guard's one session query: what checking the session in the proxy
 * would add to every protected page (scripts/bench/pages.ts).
 */
export default async function BenchProbeWithSession() {
  if (!(await getPageSession())) throw new Error("the bench's token names no live session");
  return <BenchProbePage />;
}
