/**
 * `npm run test:e2e`: checks the journeys for ways of waiting that flake (check-journeys.ts),
 * builds the app once (`next build`), starts it as production runs it
 * (`next start`, NODE_ENV=production) on a fresh database, and walks through the journeys in
 * Debian's Chromium. Prints `N passed, N failed` and exits non-zero on any failure.
 *
 *   --skip-build   reuse the existing .next build (CI builds right before)
 *   --only REGEX   run only the journeys whose name matches REGEX
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { findFreePort } from "@/lib/db/embedded";
import { exitOnFindings } from "./check-journeys";
import { CONFIGURED_LANES, type ConfiguredLane, JOURNEYS } from "./journeys";
import { startAppServer } from "./support/app-server";
import { launchBrowser } from "./support/browser";
import { type Journey, type Outcome, runJourneys, SCREENSHOT_DIR } from "./support/journey";

const { values } = parseArgs({
  options: {
    "skip-build": { type: "boolean", default: false },
    only: { type: "string" },
  },
});

const isSelected = (journey: Journey) => !values.only || new RegExp(values.only).test(journey.name);
const selected = JOURNEYS.map((lane) => lane.filter(isSelected));
const configured = CONFIGURED_LANES.map((lane) => ({
  ...lane,
  journeys: lane.journeys.filter(isSelected),
})).filter((lane) => lane.journeys.length > 0);

exitOnFindings();

if (!values["skip-build"]) {
  console.log("▲ next build");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Every run starts with an empty screenshot folder: a failure's pictures are this run's.
rmSync(SCREENSHOT_DIR, { recursive: true, force: true });

// The browser first: a machine without Chromium fails here, before there is a server to stop.
const browser = await launchBrowser();
const port = await findFreePort();
const logFile = path.join(SCREENSHOT_DIR, "..", "server.log");
console.log(`▲ next start on port ${port} (log: ${path.relative(process.cwd(), logFile)})`);
const server = await startAppServer({ port, log: logFile });
console.log(
  `▲ database: ${server.databaseKind === "postgres" ? "PostgreSQL (TEST_DATABASE_URL)" : "embedded PGlite"}`,
);

let outcomes: Outcome[] = [];
try {
  // Lanes run side by side: the journeys that wait out a token's lifetime overlap the others.
  const lanes = await Promise.all([
    ...selected.map((lane: Journey[]) =>
      runJourneys(lane, { browser, origin: server.origin, outboxDir: server.outboxDir }),
    ),
    ...configured.map(runOnOwnServer),
  ]);
  outcomes = lanes.flat();
} finally {
  await browser.close();
  await server.stop();
}

/** A configured lane against a server of its own, which lives only as long as the lane. */
async function runOnOwnServer(lane: ConfiguredLane): Promise<Outcome[]> {
  const lanePort = await findFreePort();
  const laneLog = path.join(SCREENSHOT_DIR, "..", `server-${lane.name}.log`);
  console.log(`▲ ${lane.name}: next start on port ${lanePort} with ${JSON.stringify(lane.env)}`);
  const laneServer = await startAppServer({
    port: lanePort,
    log: laneLog,
    env: lane.env,
  });
  try {
    return await runJourneys(lane.journeys, {
      browser,
      origin: laneServer.origin,
      outboxDir: laneServer.outboxDir,
    });
  } finally {
    await laneServer.stop();
  }
}

const failed = outcomes.filter((outcome) => !outcome.ok).length;
console.log(`\n${outcomes.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 || outcomes.length === 0 ? 1 : 0);
