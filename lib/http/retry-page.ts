/**
 * The page a browser gets while we cannot answer for a moment (the database briefly away, a
 * refresh over its limit): 503 with Retry-After, nothing cleared, a plain page that reloads by
 * itself, because the session may be perfectly alive. Plain HTML with no import, so the proxy
 * can answer it before anything heavy loads.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * `reloadTo` is where the page goes back to, a path that safeNextPath accepted; without it the
 * page reloads its own address.
 */
export function retryPageResponse(reloadTo?: string): Response {
  const target = reloadTo === undefined ? "" : escapeHtml(reloadTo);
  const refresh = target ? `${RETRY_AFTER_SECONDS};url=${target}` : `${RETRY_AFTER_SECONDS}`;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refresh}"><title>One moment · Taskflow</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<main><h1>One moment</h1><p>We could not load this page just now. It tries again in a few seconds.</p>
<p><a href="${target}">Try again now</a></p></main></body></html>`;
  return new Response(page, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(RETRY_AFTER_SECONDS),
      "cache-control": "no-store",
    },
  });
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  '"': "&quot;",
  "'": "&#39;",
  "<": "&lt;",
  ">": "&gt;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&"'<>]/g, (character) => HTML_ESCAPES[character] ?? character);
}
