import { ForbiddenNotice } from "@/components/status-page";

// Rendered, with a 403 status, when a page calls forbidden() (lib/auth/core/page-session.ts).
export default function Forbidden() {
  return <ForbiddenNotice />;
}
