import { cookies } from "next/headers";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ConfirmAddressForm } from "@/components/email/confirm-address-form";
import { ResendVerificationForm } from "@/components/email/resend-verification";
import { FormAlert } from "@/components/ui/form-alert";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { EMAIL_CHANGED_COOKIE } from "@/lib/auth/email-ownership/email-verification";

export const metadata = { title: "Verify your email" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
/**
 * Where GET /api/auth/verify-email sends a browser that is not signed in (status=verified), one
 * whose link needs the account's password first (token=…, and change=1 for a change of email),
 * any browser that confirmed a change of email (status=email_changed, the new address in a
 * cookie), and any browser whose link was used, expired or mistyped (status=invalid).
 */
export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const { status, token, change } = await searchParams;
  if (typeof token === "string" && token !== "") {
    const changesEmail = change === "1";
    return (
      <AuthCard
        title={changesEmail ? "Confirm your new email address" : "Confirm your email address"}
        description={
          changesEmail
            ? "Enter the password of the account that asked to use this address."
            : "Enter the password you chose when you registered."
        }
      >
        <ConfirmAddressForm token={token} changesEmail={changesEmail} />
      </AuthCard>
    );
  }
  const changedTo = decoded((await cookies()).get(EMAIL_CHANGED_COOKIE)?.value);
  if (status === "email_changed" && changedTo) {
    return (
      <AuthCard
        title="Your email address has changed"
        description="Every other session of the account was signed out."
      >
        <div className="space-y-5">
          <p className="text-sm">
            Your account’s address is now <strong className="break-all">{changedTo}</strong>: sign
            in with it from now on.
          </p>
          <Link href="/dashboard" className={`${buttonClass.primary} w-full`}>
            Continue to Taskflow
          </Link>
        </div>
      </AuthCard>
    );
  }
  if (status === "verified") {
    return (
      <AuthCard title="Your email is verified" description="Thanks: your address is confirmed.">
        <Link href="/dashboard" className={`${buttonClass.primary} w-full`}>
          Continue to Taskflow
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="This link no longer works"
      description="Verification links work once, for 24 hours. Enter your email and we’ll send you a new one."
      footer={
        <Link href="/login" className={linkClass}>
          Back to sign in
        </Link>
      }
    >
      <div className="space-y-5">
        <FormAlert tone="info">
          If you already followed it, your address is verified: just sign in.
        </FormAlert>
        <ResendVerificationForm />
      </div>
    </AuthCard>
  );
}

function decoded(value: string | undefined): string | undefined {
  try {
    return value && decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
