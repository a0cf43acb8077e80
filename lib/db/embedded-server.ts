import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite served over the Postgres wire protocol, for node-postgres pools in several processes.
 *
 * PGlite is one backend; every connection shares it. Two rules keep clients from seeing each
 * other's state, and @electric-sql/pglite-socket (0.2.17) kept neither: it queued single
 * messages, so a Parse of one connection could land between another's Parse and Bind ("bind
 * message supplies 2 parameters, but prepared statement "" requires 6"; tests/integration/
 * embedded-database.test.ts shows it):
 * - an extended-protocol exchange (Parse, Bind, Describe, Execute ... Sync) runs as one unit;
 * - a connection inside a transaction keeps the backend until the transaction ends, so other
 *   connections wait instead of running inside it.
 */

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
// Messages after which the client waits for answers: the backend can be handed on only then.
const SYNC = 0x53; // "S"
const SIMPLE_QUERY = 0x51; // "Q"
const FLUSH = 0x48; // "H"
const TERMINATE = 0x58; // "X"

export type EmbeddedServer = { port: number; stop: () => Promise<void> };

export async function serveOverTcp(db: PGlite, port: number): Promise<EmbeddedServer> {
  const backend = new BackendLock();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    new Connection(db, backend, socket).start();
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    port: listeningPort(server),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function listeningPort(server: Server): number {
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the embedded server has no port");
  return address.port;
}

/** Who uses the backend now; the others wait their turn in order. */
class BackendLock {
  private holder: Connection | null = null;
  private waiting: { connection: Connection; grant: () => void }[] = [];

  acquire(connection: Connection): Promise<void> {
    if (this.holder === connection) return Promise.resolve();
    if (!this.holder) {
      this.holder = connection;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ connection, grant }));
  }

  release(connection: Connection): void {
    if (this.holder !== connection) return;
    const next = this.waiting.shift();
    this.holder = next?.connection ?? null;
    next?.grant();
  }

  holds(connection: Connection): boolean {
    return this.holder === connection;
  }

  /** A closed connection's waits end at once, without the backend. */
  forget(connection: Connection): void {
    for (const entry of this.waiting.filter((entry) => entry.connection === connection)) {
      entry.grant();
    }
    this.waiting = this.waiting.filter((entry) => entry.connection !== connection);
  }
}

class Connection {
  private buffer = Buffer.alloc(0);
  private pending: Uint8Array[] = [];
  private started = false;
  private closed = false;
  // Messages are handled one data event at a time, in the order they came.
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: PGlite,
    private readonly backend: BackendLock,
    private readonly socket: Socket,
  ) {}

  start(): void {
    this.socket.on("data", (chunk) => {
      this.work = this.work
        .then(() => this.receive(chunk))
        .catch(() => {
          this.socket.destroy();
        });
    });
    this.socket.on("error", () => this.socket.destroy());
    this.socket.on("close", () => {
      this.closed = true;
      this.backend.forget(this);
      this.work = this.work.then(() => this.close());
    });
  }

  private async receive(chunk: Buffer): Promise<void> {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (let message = this.nextMessage(); message; message = this.nextMessage()) {
      await this.handle(message);
    }
  }

  /** The next whole message in the buffer: the untyped startup packets first, then typed ones. */
  private nextMessage(): Buffer | null {
    const headerLength = this.started ? 5 : 4;
    if (this.buffer.length < headerLength) return null;
    const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return null;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return message;
  }

  private async handle(message: Buffer): Promise<void> {
    if (!this.started) {
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST) {
        this.socket.write("N");
        return;
      }
      if (code === CANCEL_REQUEST) {
        this.socket.destroy();
        return;
      }
      if (code !== PROTOCOL_3) throw new Error("unsupported protocol");
      this.started = true;
      await this.run([message]);
      return;
    }
    const type = message[0];
    if (type === TERMINATE) {
      this.socket.end();
      return;
    }
    this.pending.push(message);
    if (type === SYNC || type === SIMPLE_QUERY || type === FLUSH) {
      const batch = this.pending;
      this.pending = [];
      // After a Flush the client reads answers and goes on with the same exchange: keep the
      // backend until its Sync.
      await this.run(batch, type === FLUSH);
    }
  }

  private async run(batch: Uint8Array[], exchangeOpen = false): Promise<void> {
    await this.backend.acquire(this);
    if (this.closed) return;
    try {
      for (const message of batch) {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(message, {
            onRawData: (data) => {
              if (data.length > 0 && this.socket.writable) this.socket.write(data);
            },
          }),
        );
      }
    } finally {
      if (!exchangeOpen && !this.db.isInTransaction()) this.backend.release(this);
    }
  }

  /** A client gone mid-transaction must not leave the backend inside it. */
  private async close(): Promise<void> {
    if (this.backend.holds(this) && this.db.isInTransaction()) {
      // exec takes PGlite's query lock itself: inside runExclusive it would wait forever.
      await this.db.exec("ROLLBACK").catch(() => {});
    }
    this.backend.release(this);
  }
}
