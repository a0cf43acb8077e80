import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serveOverTcp } from "./embedded-server";

/**
 * The embedded database for laptops and tests: PGlite (PostgreSQL compiled to WASM) served over
 * the Postgres wire protocol, so the app talks to it through node-postgres exactly as it talks
 * to a real server. Without a data directory it lives in memory (tests).
 */
export type EmbeddedPostgres = {
  url: string;
  /** The data directory as a tarball, for `loadDataDir`. */
  dump: () => Promise<Blob>;
  stop: () => Promise<void>;
};

export async function startEmbeddedPostgres(
  options: {
    dataDir?: string;
    port?: number;
    /** A `dumpDataDir()` tarball to start from: ~4x faster than a fresh initdb. */
    loadDataDir?: Blob;
  } = {},
) {
  const { dataDir, loadDataDir } = options;
  if (dataDir) claimDataDir(dataDir);
  const db = await PGlite.create({ dataDir, loadDataDir });
  const server = await serveOverTcp(db, options.port ?? 0);
  return {
    url: `postgres://postgres@127.0.0.1:${server.port}/postgres`,
    dump: () => db.dumpDataDir("none"),
    async stop() {
      await server.stop();
      await db.close();
      if (dataDir) releaseDataDir(dataDir);
    },
  } satisfies EmbeddedPostgres;
}

/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt it:
 * a pid file makes a second `npm run dev` fail with a clear message instead.
 */
function claimDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "..", `${path.basename(dataDir)}.pid`);
  const holder = readPid(lockFile);
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is already in use by process ${holder} (another \`npm run dev\`?). Stop it first.`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
}

function releaseDataDir(dataDir: string): void {
  rmSync(path.join(dataDir, "..", `${path.basename(dataDir)}.pid`), { force: true });
}

function readPid(file: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(file, "utf8"), 10) || undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}
