import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { generateSigningKey } from "@/lib/env/generate-signing-key";
import { EnvError, parseTokenEnv, type TokenEnv } from "@/lib/token-env";

/**
 * The proxy reads its variables without zod (lib/token-env.ts); the server validates the same ones
 * with zod at start (lib/env.ts). Two readers of one variable must never disagree: a token the
 * route handlers mint has to pass the proxy's check, and the reverse.
 */
const secret = "s".repeat(32);
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://db.example.com/app",
  BETTER_AUTH_URL: "https://app.example.com",
  BETTER_AUTH_SECRET: secret,
  JWT_SECRET_KEY: secret,
  TRUSTED_IP_HEADER: "x-real-ip",
  SMTP_URL: "smtp://smtp.example.com:587",
  EMAIL_FROM: "App <no-reply@example.com>",
};
const current = generateSigningKey();
const next = generateSigningKey();

const TOKEN_VARIABLES: (keyof TokenEnv)[] = [
  "NODE_ENV",
  "BETTER_AUTH_URL",
  "JWT_ALGORITHM",
  "ACCESS_TOKEN_EXPIRE_MINUTES",
  "JWT_SECRET_KEY",
  "JWT_SECRET_KEY_PREVIOUS",
  "JWT_SIGNING_KEY",
  "JWT_SIGNING_KEY_PREVIOUS",
  "JWT_SIGNING_KEY_NEXT",
];

const SOURCES: Record<string, Record<string, string | undefined>> = {
  "development defaults": { BETTER_AUTH_SECRET: secret, JWT_SECRET_KEY: secret },
  "production, HS256, a previous secret": {
    ...production,
    JWT_SECRET_KEY_PREVIOUS: "p".repeat(32),
    ACCESS_TOKEN_EXPIRE_MINUTES: "15",
  },
  "production, ES256 mid-rotation (JWK and PEM)": {
    ...production,
    JWT_ALGORITHM: "ES256",
    JWT_SIGNING_KEY: current.jwk,
    JWT_SIGNING_KEY_NEXT: next.pem,
  },
  "a Vercel preview without BETTER_AUTH_URL": {
    ...production,
    BETTER_AUTH_URL: undefined,
    VERCEL_ENV: "preview",
    VERCEL_URL: "taskflow-git-x.vercel.app",
  },
  "empty strings mean unset": { ...production, JWT_SECRET_KEY_PREVIOUS: "", JWT_ALGORITHM: "" },
};

describe("the token variables", () => {
  for (const [name, source] of Object.entries(SOURCES)) {
    it(`reads what lib/env.ts reads: ${name}`, () => {
      const server = parseEnv(source);
      const light = parseTokenEnv(source);
      for (const variable of TOKEN_VARIABLES) {
        expect({ [variable]: light[variable] }).toEqual({ [variable]: server[variable] });
      }
    });
  }

  it("refuses what it cannot use, naming the variable, instead of guessing", () => {
    const refused = (source: Record<string, string>) => {
      try {
        parseTokenEnv(source);
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        return (error as Error).message;
      }
      throw new Error("expected parseTokenEnv to refuse this environment");
    };
    expect(refused({ JWT_ALGORITHM: "none" })).toMatch(/JWT_ALGORITHM/);
    expect(refused({ ACCESS_TOKEN_EXPIRE_MINUTES: "0" })).toMatch(/ACCESS_TOKEN_EXPIRE_MINUTES/);
    expect(refused({ NODE_ENV: "production" })).toMatch(/BETTER_AUTH_URL/);
    expect(refused({ JWT_SIGNING_KEY: "not a key" })).toMatch(/JWT_SIGNING_KEY/);
  });
});
