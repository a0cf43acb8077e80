import { HttpError } from "./errors";

/** The most any endpoint reads of a body: ours are JSON or forms of a few fields. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * How long a whole body may take to arrive. 64 KB takes well under a second on a slow mobile
 * link; a client that declares a length and stops sending (or trickles a byte now and then)
 * would otherwise hold the request, its memory and any rate-limit slot until Node's own
 * five-minute request timeout.
 */
export const BODY_READ_TIMEOUT_MS = 10_000;

/**
 * The client hung up before its body arrived (Node fails the request stream with `aborted`,
 * code ECONNRESET). Nobody is left to answer: handleRoute logs it at a low level, apart from a
 * database outage, whose driver errors can carry the same code.
 */
export class ClientGoneError extends Error {
  constructor(cause: unknown) {
    super("The client closed the connection before its body arrived", { cause });
    this.name = "ClientGoneError";
  }
}

/**
 * The body as text, the only way anything here reads one: refused with 413 past `limit` bytes
 * (from Content-Length, then counted while reading, so a lying or absent length does not help),
 * with 408 when it has not all arrived within BODY_READ_TIMEOUT_MS. An absent body is "".
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const deadline = deadlineFor(reader);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline.expired]);
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(value);
    }
  } catch (error) {
    // Stop reading whatever went wrong: the rest of an oversized body is never buffered.
    reader.cancel().catch(() => {});
    if (error instanceof HttpError) throw error;
    throw new ClientGoneError(error);
  } finally {
    deadline.clear();
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function deadlineFor(reader: ReadableStreamDefaultReader<Uint8Array>) {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new HttpError(408, "request_timeout", "The body did not arrive in time", {
          headers: { connection: "close" },
        }),
      );
      reader.cancel().catch(() => {});
    }, BODY_READ_TIMEOUT_MS);
  });
  expired.catch(() => {});
  return { expired, clear: () => clearTimeout(timer) };
}

function tooLarge(limit: number) {
  return new HttpError(413, "payload_too_large", `The body is larger than ${limit / 1024} KB`, {
    headers: { connection: "close" },
  });
}
