import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { linkClass } from "@/components/ui/styles";
import { safeNextPath } from "@/lib/auth/safe-next";

export const metadata = { title: "Sign in" };

type SearchParams = Promise<{ next?: string | string[]; reset?: string }>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const { next, reset } = await searchParams;
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
      <LoginForm
        next={safeNextPath(typeof next === "string" ? next : undefined)}
        notice={reset ? "Your password has been changed. Sign in with the new one." : undefined}
      />
    </AuthCard>
  );
}
