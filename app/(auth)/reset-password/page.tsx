import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { FormAlert } from "@/components/ui/form-alert";
import { linkClass } from "@/components/ui/styles";

export const metadata = { title: "Choose a new password" };

type SearchParams = Promise<{ token?: string | string[] }>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <Link href="/login" className={linkClass}>
          Back to sign in
        </Link>
      }
    >
      {typeof token === "string" && token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <FormAlert>
          This link is incomplete or has expired.{" "}
          <Link href="/forgot-password" className={linkClass}>
            Request a new one
          </Link>
          .
        </FormAlert>
      )}
    </AuthCard>
  );
}
