import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis as IORedis } from "ioredis";

/**
 * A small server that speaks Upstash's REST protocol and forwards to a real Redis, so tests run
 * the real @upstash/redis and @upstash/ratelimit code against the machine's Redis:
 * - `POST /` one command (`["GET","k"]`) → `{ result }`, or 400 `{ error }`;
 * - `POST /pipeline` and `POST /multi-exec` a list of commands → a list of `{ result }` or
 *   `{ error }` (multi-exec inside MULTI/EXEC);
 * - with `Upstash-Encoding: base64` every string in a result is base64 (the client decodes them);
 * - Redis's error text is kept (`NOSCRIPT ...`), so the client's EVALSHA → EVAL fallback works.
 *
 * @upstash/ratelimit's scripts begin with `#!lua flags=allow-key-locking`, which plain Redis
 * refuses; the bridge strips that line and remembers the original script's SHA, so a later
 * EVALSHA of the original runs the stripped script (one round trip, like Upstash itself).
 */
export type UpstashBridge = {
  url: string;
  token: string;
  redis: IORedis;
  close(): Promise<void>;
};

type Command = (string | number)[];
type Reply = { result: unknown } | { error: string };

const SHEBANG = /^#!lua[^\n]*\n/;

export async function startUpstashBridge(redisUrl: string): Promise<UpstashBridge> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const token = randomBytes(16).toString("hex");
  const scripts = new Map<string, string>();

  function translate([name = "", ...args]: Command): Command {
    const command = String(name).toUpperCase();
    if (command === "EVAL" && typeof args[0] === "string" && SHEBANG.test(args[0])) {
      const stripped = args[0].replace(SHEBANG, "");
      scripts.set(createHash("sha1").update(args[0]).digest("hex"), stripped);
      return ["EVAL", stripped, ...args.slice(1)];
    }
    const known = command === "EVALSHA" ? scripts.get(String(args[0])) : undefined;
    if (known) return ["EVAL", known, ...args.slice(1)];
    return [command, ...args];
  }

  async function run(command: Command): Promise<Reply> {
    const [name = "", ...args] = translate(command);
    try {
      return { result: await redis.callBuffer(String(name), ...args) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function runAtomically(commands: Command[]): Promise<Reply[]> {
    const transaction = redis.multi();
    for (const command of commands) {
      const [name = "", ...args] = translate(command);
      transaction.callBuffer(String(name), ...args);
    }
    const replies = (await transaction.exec()) ?? [];
    return replies.map(([error, result]) => (error ? { error: error.message } : { result }));
  }

  async function answer(request: IncomingMessage, response: ServerResponse) {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return send(response, 401, { error: "Unauthorized" });
    }
    const body = JSON.parse(await readBody(request));
    const base64 = request.headers["upstash-encoding"] === "base64";
    const encode = (reply: Reply) =>
      "result" in reply ? { result: encoded(reply.result, base64) } : reply;
    if (request.url === "/pipeline") {
      const replies: Reply[] = [];
      for (const command of body as Command[]) replies.push(await run(command));
      return send(response, 200, replies.map(encode));
    }
    if (request.url === "/multi-exec") {
      return send(response, 200, (await runAtomically(body as Command[])).map(encode));
    }
    const reply = await run(body as Command);
    return send(response, "error" in reply ? 400 : 200, encode(reply));
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error) =>
      send(response, 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    redis,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

/** Buffers from Redis become base64 (when the client asked for it) or UTF-8 strings. */
function encoded(value: unknown, base64: boolean): unknown {
  if (Buffer.isBuffer(value)) return value.toString(base64 ? "base64" : "utf8");
  if (Array.isArray(value)) return value.map((item) => encoded(item, base64));
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}
