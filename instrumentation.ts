import { getEnv } from "@/lib/env";

// Runs once when a server instance starts: a production deployment with a missing or weak
// secret stops here, naming the variable, instead of failing on its first request.
export function register() {
  getEnv();
}
