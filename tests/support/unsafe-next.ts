/**
 * `next` values that must never send a browser off the site, as they arrive after the query
 * string's own decoding (what `searchParams.get("next")` returns). One table for every place that
 * takes `next`: safeNextPath itself, the middleware, /api/auth/session-ended and the login form.
 * Each names the host it tries to reach, so a test can check it was not reached.
 */
export const EVIL_HOST = "evil.example";

export const UNSAFE_NEXT: [label: string, next: string][] = [
  ["scheme-relative", "//evil.example/x"],
  ["scheme-relative with three slashes", "///evil.example/x"],
  ["absolute https URL", "https://evil.example/x"],
  ["absolute URL without slashes", "https:evil.example/x"],
  ["javascript: URL", "javascript:alert(document.domain)//evil.example"],
  ["data: URL", "data:text/html,<script>location='//evil.example'</script>"],
  ["slash backslash", "/\\evil.example/x"],
  ["backslashes", "\\\\evil.example/x"],
  ["a tab between the slashes", "/\t/evil.example/x"],
  ["a newline between the slashes", "/\n/evil.example/x"],
  ["a carriage return between the slashes", "/\r/evil.example/x"],
  ["dot segment", "/.//evil.example/x"],
  ["dot-dot segment", "/..//evil.example/x"],
  ["a directory and dot-dot", "/a/..//evil.example/x"],
  ["encoded dot-dot", "/%2e%2e//evil.example/x"],
  ["encoded dot", "/%2E//evil.example/x"],
  ["encoded backslash", "/%5Cevil.example/x"],
  ["encoded slashes", "/%2F%2Fevil.example/x"],
  ["encoded tab", "/%09/evil.example/x"],
  ["double-encoded dot-dot", "/%252e%252e//evil.example/x"],
  ["double-encoded slashes", "/%252F%252Fevil.example/x"],
  ["double-encoded backslash", "/%255Cevil.example/x"],
  ["dot-dot then backslash", "/../\\evil.example/x"],
  ["encoded dot-dot then encoded backslash", "/%2e%2e/%5Cevil.example"],
];

/** Same-origin targets that must still work (and where each one lands). */
export const SAFE_NEXT: [next: string, lands: string][] = [
  ["/settings?tab=sessions", "/settings?tab=sessions"],
  ["/dashboard?sort=title&q=%2F%2Fevil.example", "/dashboard?sort=title&q=%2F%2Fevil.example"],
  ["/admin#users", "/admin#users"],
  ["/dashboard/../settings", "/settings"],
  ["/dashboard/caf%C3%A9", "/dashboard/caf%C3%A9"],
];
