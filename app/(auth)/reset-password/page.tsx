import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { FormAlert } from "@/components/ui/form-alert";
import { linkClass } from "@/components/ui/styles";
import { isUsableResetToken } from "@/lib/auth/passwords/password-reset";

export const metadata = { title: "Choose a new password" };

type SearchParams = Promise<{ token?: string | string[] }>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const usable =
    typeof token === "string" && token.length <= 256 && (await isUsableResetToken(token));
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <Link href="/login" className={linkClass}>
          Back to sign in
        </Link>
      }
    >
      {usable ? (
        <ResetPasswordForm token={token} />
      ) : (
        <FormAlert>
          This reset link is invalid, has expired or was already used.{" "}
          <Link href="/forgot-password" className={linkClass}>
            Request a new one
          </Link>
          .
        </FormAlert>
      )}
    </AuthCard>
  );
}
