// One embedded database on a thread of its own (tests/support/test-database.ts): PGlite answers
// on the JavaScript thread that runs it, so databases that all ran on the test runner's main
// thread answered one query at a time between them, and held up the runner's own work.
import { readFile } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { startEmbeddedPostgres } = await import("../../lib/db/embedded.ts");
const embedded = await startEmbeddedPostgres({
  loadDataDir: new Blob([await readFile(workerData.template)]),
});
parentPort.once("message", async () => {
  await embedded.stop();
  parentPort.postMessage("stopped");
  parentPort.close();
});
parentPort.postMessage(embedded.url);
