import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyLocalSecrets } from "@/lib/dev/local-secrets";
import { parseEnv } from "@/lib/env";

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "local-secrets-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("development secrets (.data/secrets.json)", () => {
  it("generates an ES256 key pair when the mode is ES256, and keeps it across restarts", () => {
    const dir = dataDir();
    const first: NodeJS.ProcessEnv = { NODE_ENV: "development", JWT_ALGORITHM: "ES256" };
    applyLocalSecrets(first, dir);
    const env = parseEnv(first);
    expect(env.JWT_SIGNING_KEY).toMatchObject({ format: "jwk", isPrivate: true });

    const restarted: NodeJS.ProcessEnv = { NODE_ENV: "development", JWT_ALGORITHM: "ES256" };
    applyLocalSecrets(restarted, dir);
    expect(restarted.JWT_SIGNING_KEY).toBe(first.JWT_SIGNING_KEY);
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8"))).toHaveProperty(
      "JWT_SIGNING_KEY",
    );
  });

  it("generates no signing key in HS256 mode, and never overrides a configured one", () => {
    const hs256: NodeJS.ProcessEnv = { NODE_ENV: "development" };
    applyLocalSecrets(hs256, dataDir());
    expect(hs256.JWT_SIGNING_KEY).toBeUndefined();
    expect(hs256.JWT_SECRET_KEY).toHaveLength(43);

    const configured: NodeJS.ProcessEnv = {
      NODE_ENV: "development",
      JWT_ALGORITHM: "ES256",
      JWT_SIGNING_KEY: "mine",
    };
    applyLocalSecrets(configured, dataDir());
    expect(configured.JWT_SIGNING_KEY).toBe("mine");
  });
});
