import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClass, linkClass } from "@/components/ui/styles";

export const metadata = { title: "Account deleted" };

/** Where Settings → Delete account lands: the browser is signed out, and the page says why. */
export default function AccountDeletedPage() {
  return (
    <AuthCard
      title="Your account has been deleted"
      description="Its tasks and sessions are gone, and a note went to the address it had."
      footer={
        <Link href="/" className={linkClass}>
          Back to the home page
        </Link>
      }
    >
      <Link href="/register" className={`${buttonClass.secondary} w-full`}>
        Create a new account
      </Link>
    </AuthCard>
  );
}
