import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { parseTheme, THEME_COOKIE } from "@/lib/preferences/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Taskflow", template: "%s · Taskflow" },
  description: "A task manager with secure, stateless sign-in.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next.js can only put the CSP nonce that proxy.ts
  // creates on the inline scripts of a page it renders now, not of a prerendered one.
  await connection();
  // The chosen theme is on <html> in the first byte of the page: no flash of the other one.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-700 focus:shadow-lg dark:focus:bg-slate-900 dark:focus:text-indigo-300"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
