/**
 * A protected page during a database outage, against `next start`: a browser with a valid
 * session asks for a filtered dashboard while the database is cut. The page cannot load its
 * session, so it sends the browser to the retry page (503, Retry-After, a page that reloads by
 * itself) that returns to the same address, query included and without a link's token; once the
 * database is back, the same request loads the page.
 */
import { PRODUCTION_COOKIES, setCookies } from "../support/cookies";
import type { TcpProxy } from "../support/tcp-proxy";

// A filtered, searched dashboard, plus a credential parameter the retry address must drop.
const KEPT = "/dashboard?status=completed&q=caf%C3%A9+%26+more";
const REQUESTED = `${KEPT}&token=link-secret`;

type Check = (name: string, ok: boolean, detail: string) => void;

export async function pageOutage(origin: string, proxy: TcpProxy, check: Check): Promise<void> {
  const email = `page-outage-${crypto.randomUUID().slice(0, 8)}@load.test`;
  const registered = await fetch(`${origin}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "page outage password" }),
  });
  const access = setCookies(registered)[PRODUCTION_COOKIES.access]?.value;
  if (!access) throw new Error(`page outage sign-up: ${registered.status}`);
  const page = (address: string) =>
    fetch(new URL(address, origin), {
      headers: { cookie: `${PRODUCTION_COOKIES.access}=${access}` },
      redirect: "manual",
    });

  const before = await page(REQUESTED);
  await before.arrayBuffer();
  proxy.cut();
  let during: { status: number; target?: URL; retry?: Response; body: string };
  try {
    const sent = await page(REQUESTED);
    await sent.arrayBuffer();
    const location = sent.headers.get("location");
    const target = location ? new URL(location, origin) : undefined;
    const retry = target ? await page(target.href) : undefined;
    during = { status: sent.status, target, retry, body: (await retry?.text()) ?? "" };
  } finally {
    proxy.restore();
  }
  const sentTo = during.target ? `${during.target.pathname}${during.target.search}` : "nowhere";
  check(
    "database down: a page sends the browser to the retry page, its own address kept",
    before.status === 200 &&
      during.target?.origin === origin &&
      sentTo === `/unavailable?next=${encodeURIComponent(KEPT)}`,
    `before ${before.status}; during ${during.status} to ${sentTo}`,
  );
  const reload = `content="5;url=${KEPT.replaceAll("&", "&amp;")}"`;
  check(
    "database down: the retry page answers 503 with Retry-After and comes back by itself",
    during.retry?.status === 503 &&
      during.retry.headers.get("retry-after") === "5" &&
      during.body.includes(reload) &&
      !during.body.includes("link-secret"),
    `${during.retry?.status} retry-after ${during.retry?.headers.get("retry-after")}; ` +
      `reloads ${during.body.match(/http-equiv="refresh" content="([^"]*)"/)?.[1] ?? "nowhere"}`,
  );

  let back = 0;
  for (let attempt = 0; attempt < 30 && back !== 200; attempt++) {
    const again = await page(KEPT);
    back = again.status;
    await again.arrayBuffer();
    if (back !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check("database back: the page loads again", back === 200, `answered ${back}`);
}
