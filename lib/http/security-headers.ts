/**
 * Security headers that need no per-request value, applied by next.config.ts to every response
 * (pages, API, static files). The Content-Security-Policy needs a fresh nonce per request, so
 * proxy.ts sets it.
 */
type HeaderRule = { source: string; headers: { key: string; value: string }[] };

const TWO_YEARS_SECONDS = 63_072_000;

// Features this app never uses: a page injected into it cannot use them either.
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "browsing-topics=()",
].join(", ");

export function securityHeaders({ production }: { production: boolean }): HeaderRule[] {
  return [
    {
      source: "/:path*",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        // The CSP's frame-ancestors 'none' comes with the proxy, which skips static files
        // and their 404s: this one holds on every response, whoever answers it.
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
        // Only where the app is served over HTTPS for good: a dev server on http://localhost
        // must not pin a browser to HTTPS.
        ...(production
          ? [
              {
                key: "Strict-Transport-Security",
                value: `max-age=${TWO_YEARS_SECONDS}; includeSubDomains`,
              },
            ]
          : []),
      ],
    },
    // The reset page's URL carries the reset token: no Referer may take it to another site.
    // (Later rules override earlier ones for the same header.)
    {
      source: "/reset-password/:path*",
      headers: [{ key: "Referrer-Policy", value: "no-referrer" }],
    },
    { source: "/reset-password", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    // API answers are per user: no browser or CDN may keep a copy.
    { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
  ];
}
