import { expect } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

export const strongSecret = "s".repeat(32);

/** A complete production environment: each test changes what it is about. */
export const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://db.example.com/app",
  BETTER_AUTH_URL: "https://app.example.com",
  BETTER_AUTH_SECRET: strongSecret,
  JWT_SECRET_KEY: strongSecret,
  TRUSTED_IP_HEADER: "x-real-ip",
  SMTP_URL: "smtp://smtp.example.com:587",
  EMAIL_FROM: "App <no-reply@example.com>",
};

/** The message parseEnv refuses `source` with; fails the test when it accepts it. */
export function problemsOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  throw new Error("expected parseEnv to refuse this environment");
}
