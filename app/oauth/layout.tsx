import type { ReactNode } from "react";
import { BrandLink } from "@/components/brand-link";

/** The consent page: one centred card, as the sign-in pages, so nothing distracts from the choice. */
export default function OAuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-10 sm:py-16">
      <header className="mb-8">
        <BrandLink />
      </header>
      <main id="main" className="w-full max-w-md">
        {children}
      </main>
    </div>
  );
}
