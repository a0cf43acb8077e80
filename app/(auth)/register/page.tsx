import Link from "next/link";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { ProviderButtons } from "@/components/auth/provider-buttons";
import { RegisterForm } from "@/components/auth/register-form";
import { linkClass } from "@/components/ui/styles";
import { providerErrorMessage } from "@/lib/auth/sso/callback-errors";
import { configuredProviders } from "@/lib/auth/sso/providers";
import { DEFAULT_AFTER_LOGIN } from "@/lib/auth/tokens/safe-next";
import { getEnv } from "@/lib/env";

export const metadata = { title: "Create your account" };

type SearchParams = Promise<{ error?: string | string[] }>;

export default async function RegisterPage({ searchParams }: { searchParams: SearchParams }) {
  // The buttons are the deployment's providers, read at request time, never at build time.
  await connection();
  const { error } = await searchParams;
  return (
    <AuthCard
      title="Create your account"
      description="Free, private, and ready in a few seconds."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      <ProviderButtons
        providers={configuredProviders(getEnv())}
        next={DEFAULT_AFTER_LOGIN}
        returnTo="/register"
        error={providerErrorMessage(error)}
      />
      <RegisterForm />
    </AuthCard>
  );
}
