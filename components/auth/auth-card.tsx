import type { ReactNode } from "react";
import { cardClass } from "../ui/styles";

export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <>
      <section className={`${cardClass} peer p-6 sm:p-8`} aria-labelledby="auth-title">
        <h1 id="auth-title" className="text-2xl font-bold tracking-tight">
          {title}
        </h1>
        {description && (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{description}</p>
        )}
        <div className="mt-6">{children}</div>
      </section>
      {/* Not beside a second-factor step: whoever is there already has an account. */}
      {footer && (
        <p className="mt-6 text-center text-sm text-slate-600 peer-has-[[data-second-factor-step]]:hidden dark:text-slate-400">
          {footer}
        </p>
      )}
    </>
  );
}
