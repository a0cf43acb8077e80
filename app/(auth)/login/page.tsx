import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { ProviderButtons } from "@/components/auth/provider-buttons";
import { linkClass } from "@/components/ui/styles";
import { SECOND_FACTOR_STEP } from "@/lib/auth/second-factor/provider-sign-in";
import { providerErrorMessage } from "@/lib/auth/sso/callback-errors";
import { configuredProviders } from "@/lib/auth/sso/providers";
import { safeNextPath } from "@/lib/auth/tokens/safe-next";
import { getEnv } from "@/lib/env";

export const metadata = { title: "Sign in" };

type SearchParams = Promise<{
  next?: string | string[];
  reset?: string;
  error?: string | string[];
  [SECOND_FACTOR_STEP]?: string;
}>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { next, reset, error } = params;
  const afterSignIn = safeNextPath(typeof next === "string" ? next : undefined);
  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Your tasks are where you left them."
      footer={
        <>
          New to Taskflow?{" "}
          <Link href="/register" className={linkClass}>
            Create an account
          </Link>
        </>
      }
    >
      <ProviderButtons
        providers={configuredProviders(getEnv())}
        next={afterSignIn}
        returnTo="/login"
        error={providerErrorMessage(error)}
      />
      <LoginForm
        next={afterSignIn}
        notice={reset ? "Your password has been changed. Sign in with the new one." : undefined}
        codeFirst={params[SECOND_FACTOR_STEP] === "1"}
      />
    </AuthCard>
  );
}
