export { BenchProbePage as default } from "@/lib/bench-probe-page";
