import { ForbiddenNotice } from "@/components/status-page";

// The middleware rewrites /admin here, with a 403 status, for a token without the admin role.
export const metadata = { title: "Access denied" };

export default function ForbiddenPage() {
  return <ForbiddenNotice />;
}
