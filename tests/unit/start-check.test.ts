import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = path.resolve("scripts/check-start-env.ts");
const tsx = path.resolve("node_modules/.bin/tsx");
const secret = "s".repeat(40);
const complete = {
  DATABASE_URL: "postgres://db.example.com/app",
  BETTER_AUTH_URL: "https://app.example.com",
  BETTER_AUTH_SECRET: secret,
  JWT_SECRET_KEY: secret,
  TRUSTED_IP_HEADER: "none",
  SMTP_URL: "smtp://mail.example.com:587",
  EMAIL_FROM: "Taskflow <no-reply@example.com>",
};

// A directory of its own: no .env file of the developer's is read.
const directory = mkdtempSync(path.join(tmpdir(), "taskflow-start-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The pre-start check as `npm start` runs it, with nothing but these variables. */
async function check(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(tsx, [script], {
      cwd: directory,
      // Next's types declare NODE_ENV always set; the check must work without it.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("npm start checks the environment before Next starts", () => {
  it("runs the check first, and next start only once it passed", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(scripts.start).toBe("tsx scripts/check-start-env.ts && next start");
  });

  it("refuses to start without any variable, naming each, before anything says Ready", async () => {
    const { code, output } = await check({});
    expect(code).toBe(1);
    expect(output).toContain("Refusing to start");
    for (const name of ["DATABASE_URL", "BETTER_AUTH_SECRET", "JWT_SECRET_KEY", "SMTP_URL"]) {
      expect(output).toContain(name);
    }
    expect(output).not.toContain("Ready");
  });

  it("refuses production without SMTP_URL unless EMAIL_OUTBOX_IN_PRODUCTION=1 says so", async () => {
    const { SMTP_URL: _smtp, EMAIL_FROM: _from, ...withoutMail } = complete;
    const refused = await check(withoutMail);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("SMTP_URL is missing");
    expect(refused.output).toContain("EMAIL_OUTBOX_IN_PRODUCTION=1");
    expect(await check({ ...withoutMail, EMAIL_OUTBOX_IN_PRODUCTION: "1" })).toEqual({
      code: 0,
      output: "",
    });
  });

  it("reads the .env files next start would", async () => {
    const { JWT_SECRET_KEY, ...withoutKey } = complete;
    expect((await check(withoutKey)).code).toBe(1);
    writeFileSync(path.join(directory, ".env.production"), `JWT_SECRET_KEY=${JWT_SECRET_KEY}\n`);
    try {
      expect(await check(withoutKey)).toEqual({ code: 0, output: "" });
    } finally {
      rmSync(path.join(directory, ".env.production"));
    }
  });
});
