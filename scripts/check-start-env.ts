/**
 * `npm start` runs this before `next start`: the same environment check the server makes
 * (lib/maintenance/startup-env.ts), with the variables `next start` would see (the process's own,
 * then the .env files Next.js loads in production), so a missing or weak one stops the start before
 * Next prints "Ready".
 */
import nextEnv from "@next/env";
// Relative: the check runs from whatever directory `next start` would (tests run it elsewhere).
import { exitOnInvalidEnv } from "../lib/maintenance/startup-env";

// `next start` runs as production unless the shell says otherwise; so does its check.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });
nextEnv.loadEnvConfig(process.cwd(), false);
await exitOnInvalidEnv();
