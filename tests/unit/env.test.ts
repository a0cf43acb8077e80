import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, parseHashingEnv } from "@/lib/env";

const strongSecret = "s".repeat(32);
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://db.example.com/app",
  BETTER_AUTH_URL: "https://app.example.com",
  BETTER_AUTH_SECRET: strongSecret,
  JWT_SECRET_KEY: strongSecret,
};

function problemsOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).message;
  }
  throw new Error("expected parseEnv to refuse this environment");
}

describe("environment validation", () => {
  it("accepts a complete production environment and applies defaults", () => {
    const env = parseEnv(production);
    expect(env.JWT_ALGORITHM).toBe("HS256");
    expect(env.ACCESS_TOKEN_EXPIRE_MINUTES).toBe(30);
    expect(env.REFRESH_TOKEN_EXPIRE_DAYS).toBe(7);
    expect(env.ADMIN_EMAILS).toEqual([]);
  });

  it.each(["JWT_SECRET_KEY", "BETTER_AUTH_SECRET", "DATABASE_URL", "BETTER_AUTH_URL"])(
    "refuses production without %s, naming it",
    (name) => {
      expect(problemsOf({ ...production, [name]: undefined })).toContain(name);
    },
  );

  it.each(["JWT_SECRET_KEY", "BETTER_AUTH_SECRET"])(
    "refuses a %s shorter than 32 characters",
    (name) => {
      const message = problemsOf({ ...production, [name]: "x".repeat(31) });
      expect(message).toContain(name);
      expect(message).toContain("32");
    },
  );

  it("treats an empty value as missing", () => {
    expect(problemsOf({ ...production, JWT_SECRET_KEY: "" })).toContain(
      "JWT_SECRET_KEY is missing",
    );
  });

  it("names every problem at once", () => {
    const message = problemsOf({ NODE_ENV: "production" });
    for (const name of [
      "JWT_SECRET_KEY",
      "BETTER_AUTH_SECRET",
      "DATABASE_URL",
      "BETTER_AUTH_URL",
    ]) {
      expect(message).toContain(name);
    }
  });

  it("refuses any JWT algorithm but HS256", () => {
    expect(problemsOf({ ...production, JWT_ALGORITHM: "HS512" })).toContain("JWT_ALGORITHM");
    expect(problemsOf({ ...production, JWT_ALGORITHM: "none" })).toContain("JWT_ALGORITHM");
  });

  it("defaults the database and URL in development but still wants secrets", () => {
    const env = parseEnv({
      NODE_ENV: "development",
      BETTER_AUTH_SECRET: strongSecret,
      JWT_SECRET_KEY: strongSecret,
    });
    expect(env.BETTER_AUTH_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(problemsOf({ NODE_ENV: "development" })).toContain("JWT_SECRET_KEY");
  });

  it("gives a Vercel preview deployment its own URL as BETTER_AUTH_URL", () => {
    const preview = {
      ...production,
      VERCEL_ENV: "preview",
      VERCEL_URL: "taskflow-abc123.vercel.app",
    };
    expect(parseEnv({ ...preview, BETTER_AUTH_URL: undefined }).BETTER_AUTH_URL).toBe(
      "https://taskflow-abc123.vercel.app",
    );
    expect(parseEnv(preview).BETTER_AUTH_URL).toBe(production.BETTER_AUTH_URL);
  });

  it("still refuses a Vercel production deployment without BETTER_AUTH_URL", () => {
    const vercelProduction = {
      ...production,
      BETTER_AUTH_URL: undefined,
      VERCEL_ENV: "production",
      VERCEL_URL: "taskflow-abc123.vercel.app",
    };
    expect(problemsOf(vercelProduction)).toContain("BETTER_AUTH_URL");
  });

  it("normalises ADMIN_EMAILS", () => {
    const env = parseEnv({ ...production, ADMIN_EMAILS: " Boss@Example.com, ,ops@example.com " });
    expect(env.ADMIN_EMAILS).toEqual(["boss@example.com", "ops@example.com"]);
  });

  it("reads rate-limit overrides as requests per window and refuses anything else", () => {
    const env = parseEnv({
      ...production,
      RATE_LIMIT_LOGIN_ACCOUNT: "10/1m",
      RATE_LIMIT_TASKS_USER: "50/30s",
    });
    expect(env.RATE_LIMIT_LOGIN_ACCOUNT).toEqual({ limit: 10, windowMs: 60_000 });
    expect(env.RATE_LIMIT_TASKS_USER).toEqual({ limit: 50, windowMs: 30_000 });
    expect(env.RATE_LIMIT_LOGIN_IP).toBeUndefined();
    for (const bad of ["10", "10/min", "0/1m", "5/0s", "-1/1m", "5 / 1m"]) {
      expect(problemsOf({ ...production, RATE_LIMIT_LOGIN_IP: bad })).toContain(
        "RATE_LIMIT_LOGIN_IP",
      );
    }
  });

  it("wants the Upstash URL and token together", () => {
    const url = "https://eu1-example.upstash.io";
    expect(problemsOf({ ...production, UPSTASH_REDIS_REST_URL: url })).toContain(
      "UPSTASH_REDIS_REST_TOKEN",
    );
    expect(problemsOf({ ...production, UPSTASH_REDIS_REST_TOKEN: "t" })).toContain(
      "UPSTASH_REDIS_REST_URL",
    );
    expect(
      parseEnv({ ...production, UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: "t" })
        .UPSTASH_REDIS_REST_URL,
    ).toBe(url);
  });

  it("accepts only exact origins in CORS_ORIGINS", () => {
    const env = parseEnv({
      ...production,
      CORS_ORIGINS: "https://app.example.com, http://localhost:5173",
    });
    expect(env.CORS_ORIGINS).toEqual(["https://app.example.com", "http://localhost:5173"]);
    for (const bad of [
      "*",
      "null",
      "https://app.example.com/",
      "https://app.example.com/path",
      "app.example.com",
      "https://*.example.com",
    ]) {
      expect(problemsOf({ ...production, CORS_ORIGINS: bad })).toContain("CORS_ORIGINS");
    }
  });

  it("defaults the trusted IP header to Vercel's x-real-ip and compares header names lower-case", () => {
    expect(parseEnv(production).TRUSTED_IP_HEADER).toBe("x-real-ip");
    expect(
      parseEnv({ ...production, TRUSTED_IP_HEADER: "CF-Connecting-IP" }).TRUSTED_IP_HEADER,
    ).toBe("cf-connecting-ip");
    expect(problemsOf({ ...production, TRUSTED_IP_HEADER: "x real ip" })).toContain(
      "TRUSTED_IP_HEADER",
    );
  });

  it("wants a sender with SMTP, and only smtp:// or smtps:// URLs", () => {
    const smtp = "smtps://user:pass@smtp.example.com:465";
    expect(problemsOf({ ...production, SMTP_URL: smtp })).toContain("EMAIL_FROM");
    expect(
      parseEnv({ ...production, SMTP_URL: smtp, EMAIL_FROM: "App <a@example.com>" }).SMTP_URL,
    ).toBe(smtp);
    expect(
      problemsOf({
        ...production,
        SMTP_URL: "https://smtp.example.com",
        EMAIL_FROM: "a@example.com",
      }),
    ).toContain("SMTP_URL");
  });

  it("accepts TEST_BCRYPT_COST (4 to 12) only under NODE_ENV=test", () => {
    const test = { ...production, NODE_ENV: "test", TEST_BCRYPT_COST: "4" };
    expect(parseEnv(test).TEST_BCRYPT_COST).toBe(4);
    expect(parseHashingEnv(test).TEST_BCRYPT_COST).toBe(4);
    expect(parseEnv(production).TEST_BCRYPT_COST).toBeUndefined();
    for (const mode of ["production", "development"]) {
      const source = { ...production, NODE_ENV: mode, TEST_BCRYPT_COST: "4" };
      expect(problemsOf(source)).toContain("TEST_BCRYPT_COST is for test runs only");
      expect(() => parseHashingEnv(source)).toThrow(/TEST_BCRYPT_COST is for test runs only/);
    }
    // Unset NODE_ENV means development.
    expect(problemsOf({ ...test, NODE_ENV: undefined })).toContain("TEST_BCRYPT_COST");
    for (const bad of ["3", "13", "four", "4.5"]) {
      expect(problemsOf({ ...test, TEST_BCRYPT_COST: bad })).toContain("TEST_BCRYPT_COST");
    }
  });
});
