/**
 * The colour theme the user chose: "system" follows the operating system (no attribute on
 * <html>), "light" and "dark" are set as `data-theme` on <html> by the server from this plain
 * cookie (not a credential), so the first paint already has the right colours: no flash, and no
 * inline script for the CSP to allow. app/globals.css defines the `dark:` variant on it.
 */
export const THEME_COOKIE = "theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const parseTheme = (value: string | undefined): Theme =>
  THEMES.find((theme) => theme === value) ?? "system";

/** Applies a choice at once, and remembers it for the next page the server renders. */
export function applyTheme(theme: Theme): void {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  // A plain preference; the Cookie Store API is not in every browser.
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  document.cookie = `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
