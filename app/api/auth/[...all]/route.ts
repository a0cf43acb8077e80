import { getAuth } from "@/lib/auth/auth";

// Better Auth's own endpoints (/api/auth/sign-up/email, /api/auth/sign-in/email, ...).
export function GET(request: Request) {
  return getAuth().handler(request);
}

export function POST(request: Request) {
  return getAuth().handler(request);
}
