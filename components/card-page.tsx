import type { ReactNode } from "react";
import { BrandLink } from "./brand-link";

const WIDTH = { narrow: "max-w-sm", wide: "max-w-md" } as const;

/** One centred card under the brand, nothing else to distract: sign-in pages, an app's consent. */
export function CardPage({ width, children }: { width: keyof typeof WIDTH; children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center px-4 py-10 sm:py-16">
      <header className="mb-8">
        <BrandLink />
      </header>
      <main id="main" className={`w-full ${WIDTH[width]}`}>
        {children}
      </main>
    </div>
  );
}
