import { isDatabaseHealthy } from "@/lib/db/health";
import { jsonNoStore } from "@/lib/http/responses";

export async function GET() {
  if (await isDatabaseHealthy()) return jsonNoStore({ status: "ok", db: "ok" });
  return jsonNoStore({ status: "error", db: "unavailable" }, { status: 503 });
}
