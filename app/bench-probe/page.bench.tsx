export { BenchProbePage as default } from "@/scripts/bench/probe-page";
