import type { ReactNode } from "react";
import { BrandLink } from "@/components/brand-link";

/** Sign-in, sign-up and password pages: one centred card, nothing else to distract. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-10 sm:py-16">
      <header className="mb-8">
        <BrandLink />
      </header>
      <main id="main" className="w-full max-w-sm">
        {children}
      </main>
    </div>
  );
}
