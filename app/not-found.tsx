import Link from "next/link";
import { StatusPage } from "@/components/status-page";
import { buttonClass } from "@/components/ui/styles";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <StatusPage
      code="404 · Not found"
      title="We couldn’t find that page"
      actions={
        <>
          <Link href="/dashboard" className={buttonClass.primary}>
            Go to your dashboard
          </Link>
          <Link href="/" className={buttonClass.secondary}>
            Home
          </Link>
        </>
      }
    >
      <p>The link may be mistyped, or the page may have moved. Nothing you did is lost.</p>
    </StatusPage>
  );
}
