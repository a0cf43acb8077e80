import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** Runs a command (`npm run …`, a script under tsx) in a process of its own; rejects on exit ≠ 0. */
export const runCommand = promisify(execFile);

/**
 * The timeout of a test that starts such a process: `npm` and then tsx take ~5 s on a quiet
 * 2-core machine, several times that while the other test workers share its cores.
 */
export const COMMAND_TEST_TIMEOUT = 120_000;
