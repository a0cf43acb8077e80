import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { loadSigningKey } from "@/lib/auth/tokens/signing-keys";
import { parseEnv, parseHashingEnv } from "@/lib/env";
import { generateSigningKey } from "@/lib/env/generate-signing-key";
import { problemsOf, production, strongSecret } from "../support/env";

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

  it.each(["JWT_SECRET_KEY", "BETTER_AUTH_SECRET", "CRON_SECRET"])(
    "refuses a %s shorter than 32 characters",
    (name) => {
      const message = problemsOf({ ...production, [name]: "x".repeat(31) });
      expect(message).toContain(name);
      expect(message).toContain("32");
    },
  );

  it("keeps security events 90 days unless SECURITY_EVENT_RETENTION_DAYS says otherwise", () => {
    expect(parseEnv(production).SECURITY_EVENT_RETENTION_DAYS).toBe(90);
    expect(parseEnv({ ...production, SECURITY_EVENT_RETENTION_DAYS: "30" })).toMatchObject({
      SECURITY_EVENT_RETENTION_DAYS: 30,
    });
    expect(problemsOf({ ...production, SECURITY_EVENT_RETENTION_DAYS: "0" })).toContain(
      "SECURITY_EVENT_RETENTION_DAYS",
    );
  });

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
      "SMTP_URL",
    ]) {
      expect(message).toContain(name);
    }
  });

  it("refuses any JWT algorithm but HS256 and ES256", () => {
    for (const bad of ["HS512", "none", "es256", "RS256", "EdDSA"]) {
      expect(problemsOf({ ...production, JWT_ALGORITHM: bad })).toContain(
        "JWT_ALGORITHM must be HS256 or ES256",
      );
    }
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

  it("refuses production on a platform of many instances without Upstash, unless told", () => {
    for (const platform of ["VERCEL", "NETLIFY", "AWS_LAMBDA_FUNCTION_NAME", "K_SERVICE"]) {
      const onPlatform = { ...production, [platform]: "1" };
      const message = problemsOf(onPlatform);
      expect(message).toContain("UPSTASH_REDIS_REST_URL is missing");
      expect(message).toContain("RATE_LIMIT_PER_INSTANCE=1");
      const upstash = {
        UPSTASH_REDIS_REST_URL: "https://x.upstash.io",
        UPSTASH_REDIS_REST_TOKEN: "t",
      };
      expect(parseEnv({ ...onPlatform, ...upstash }).UPSTASH_REDIS_REST_URL).toBeDefined();
    }
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(parseEnv({ ...production, VERCEL: "1", RATE_LIMIT_PER_INSTANCE: "1" })).toBeDefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("RATE_LIMIT_PER_INSTANCE=1"));
    warn.mockRestore();
    // One server of one's own, and development anywhere, count in memory as before.
    expect(parseEnv(production).UPSTASH_REDIS_REST_URL).toBeUndefined();
    expect(() => parseEnv({ ...production, NODE_ENV: "development", VERCEL: "1" })).not.toThrow();
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

  it("wants the trusted IP header named in production off Vercel, where no proxy is known", () => {
    const selfHosted = { ...production, TRUSTED_IP_HEADER: undefined };
    expect(problemsOf(selfHosted)).toContain("TRUSTED_IP_HEADER is missing");
    expect(problemsOf(selfHosted)).toContain("proxy_set_header X-Real-IP $remote_addr;");
    expect(parseEnv({ ...selfHosted, TRUSTED_IP_HEADER: "none" }).TRUSTED_IP_HEADER).toBeNull();
    expect(parseEnv({ ...selfHosted, VERCEL_ENV: "production" }).TRUSTED_IP_HEADER).toBe(
      "x-real-ip",
    );
    expect(parseEnv({ ...selfHosted, NODE_ENV: "development" }).TRUSTED_IP_HEADER).toBe(
      "x-real-ip",
    );
  });

  it("compares trusted IP header names lower-case", () => {
    expect(
      parseEnv({ ...production, TRUSTED_IP_HEADER: "CF-Connecting-IP" }).TRUSTED_IP_HEADER,
    ).toBe("cf-connecting-ip");
    expect(problemsOf({ ...production, TRUSTED_IP_HEADER: "x real ip" })).toContain(
      "TRUSTED_IP_HEADER",
    );
  });

  it("wants a sender with SMTP, and only smtp:// or smtps:// URLs", () => {
    const smtp = "smtps://user:pass@smtp.example.com:465";
    expect(problemsOf({ ...production, SMTP_URL: smtp, EMAIL_FROM: undefined })).toContain(
      "EMAIL_FROM",
    );
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

  it("refuses production without SMTP_URL, unless EMAIL_OUTBOX_IN_PRODUCTION=1 means it", () => {
    const withoutMail = { ...production, SMTP_URL: undefined, EMAIL_FROM: undefined };
    expect(problemsOf(withoutMail)).toContain("SMTP_URL is missing");
    expect(problemsOf({ ...withoutMail, EMAIL_OUTBOX_IN_PRODUCTION: "0" })).toContain("SMTP_URL");
    expect(parseEnv({ ...withoutMail, EMAIL_OUTBOX_IN_PRODUCTION: "1" }).SMTP_URL).toBeUndefined();
    expect(problemsOf({ ...withoutMail, EMAIL_OUTBOX_IN_PRODUCTION: "yes" })).toContain(
      "EMAIL_OUTBOX_IN_PRODUCTION must be 0 or 1",
    );
    // Development has the outbox without asking.
    expect(parseEnv({ ...withoutMail, NODE_ENV: "development" }).SMTP_URL).toBeUndefined();
  });

  it("takes EMAIL_VERIFICATION optional (the default) or required, nothing else", () => {
    expect(parseEnv(production).EMAIL_VERIFICATION).toBe("optional");
    expect(parseEnv({ ...production, EMAIL_VERIFICATION: "required" }).EMAIL_VERIFICATION).toBe(
      "required",
    );
    expect(problemsOf({ ...production, EMAIL_VERIFICATION: "yes" })).toContain(
      "EMAIL_VERIFICATION must be optional or required",
    );
  });

  it("takes REQUIRE_ADMIN_2FA true or false (the default), nothing else", () => {
    expect(parseEnv(production).REQUIRE_ADMIN_2FA).toBe(false);
    expect(parseEnv({ ...production, REQUIRE_ADMIN_2FA: "true" }).REQUIRE_ADMIN_2FA).toBe(true);
    expect(problemsOf({ ...production, REQUIRE_ADMIN_2FA: "yes" })).toContain(
      "REQUIRE_ADMIN_2FA must be true or false",
    );
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

  describe("ES256 keys", () => {
    const es256 = { ...production, JWT_SECRET_KEY: undefined, JWT_ALGORITHM: "ES256" };
    const ecPem = (namedCurve: string, type: "private" | "public") => {
      const pair = generateKeyPairSync("ec", { namedCurve });
      return type === "private"
        ? pair.privateKey.export({ format: "pem", type: "pkcs8" }).toString()
        : pair.publicKey.export({ format: "pem", type: "spki" }).toString();
    };
    const publicJwk = (jwk: string) => {
      const { d: _private, ...rest } = JSON.parse(jwk);
      return JSON.stringify(rest);
    };

    it("accepts a private key as JWK or PKCS#8 PEM, and needs no JWT_SECRET_KEY", () => {
      const key = generateSigningKey();
      expect(parseEnv({ ...es256, JWT_SIGNING_KEY: key.jwk }).JWT_SIGNING_KEY).toMatchObject({
        format: "jwk",
        isPrivate: true,
      });
      expect(parseEnv({ ...es256, JWT_SIGNING_KEY: key.pem }).JWT_SIGNING_KEY).toMatchObject({
        format: "pkcs8",
        isPrivate: true,
      });
    });

    it("refuses ES256 without JWT_SIGNING_KEY, and HS256 without JWT_SECRET_KEY, naming each", () => {
      expect(problemsOf(es256)).toContain("JWT_SIGNING_KEY is missing");
      expect(problemsOf({ ...production, JWT_SECRET_KEY: undefined })).toContain(
        "JWT_SECRET_KEY is missing",
      );
    });

    it("refuses a public key as JWT_SIGNING_KEY but takes one as PREVIOUS or NEXT", () => {
      const key = generateSigningKey();
      for (const publicKey of [publicJwk(key.jwk), ecPem("P-256", "public")]) {
        expect(problemsOf({ ...es256, JWT_SIGNING_KEY: publicKey })).toContain(
          "JWT_SIGNING_KEY is a public key",
        );
      }
      const env = parseEnv({
        ...es256,
        JWT_SIGNING_KEY: key.jwk,
        JWT_SIGNING_KEY_PREVIOUS: publicJwk(generateSigningKey().jwk),
        JWT_SIGNING_KEY_NEXT: ecPem("P-256", "public"),
      });
      expect(env.JWT_SIGNING_KEY_PREVIOUS?.isPrivate).toBe(false);
      expect(env.JWT_SIGNING_KEY_NEXT?.format).toBe("spki");
    });

    it.each(["JWT_SIGNING_KEY", "JWT_SIGNING_KEY_PREVIOUS", "JWT_SIGNING_KEY_NEXT"])(
      "refuses a malformed %s or one of the wrong curve or type, naming it",
      (name) => {
        const current = generateSigningKey().jwk;
        const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 })
          .privateKey.export({ format: "pem", type: "pkcs8" })
          .toString();
        const sec1 = generateKeyPairSync("ec", { namedCurve: "P-256" })
          .privateKey.export({ format: "pem", type: "sec1" })
          .toString();
        const cases: [string, string][] = [
          ["not a key", "is neither a PEM key nor a JWK"],
          ["{not json", "is not valid JSON"],
          [JSON.stringify({ ...JSON.parse(current), x: "short" }), "malformed P-256 JWK"],
          [JSON.stringify({ ...JSON.parse(current), crv: "P-384" }), "curve P-384"],
          [JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "a" }), "is a OKP key"],
          [ecPem("P-384", "private"), "curve P-384"],
          [ecPem("secp256k1", "private"), "curve secp256k1"],
          [rsa, "is not an EC key"],
          [sec1, 'SEC1 "EC PRIVATE KEY"'],
          ["-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----", "malformed PEM"],
        ];
        for (const [value, problem] of cases) {
          const message = problemsOf({ ...es256, JWT_SIGNING_KEY: current, [name]: value });
          expect(message).toContain(name);
          expect(message).toContain(problem);
        }
      },
    );

    it("refuses at start a JWK whose public half belongs to another key", async () => {
      const mine = JSON.parse(generateSigningKey().jwk);
      const other = JSON.parse(generateSigningKey().jwk);
      const env = parseEnv({
        ...es256,
        JWT_SIGNING_KEY: JSON.stringify({ ...mine, x: other.x, y: other.y }),
      });
      await expect(loadSigningKey(env)).rejects.toThrow("JWT_SIGNING_KEY is not a valid P-256 key");
    });
  });

  it("reads RESOURCE_SERVER_SECRETS as name:secret pairs with strong secrets", () => {
    const strong = "r".repeat(32);
    expect(
      parseEnv({ ...production, RESOURCE_SERVER_SECRETS: ` orders:${strong}, billing:${strong}x` })
        .RESOURCE_SERVER_SECRETS,
    ).toEqual([
      { name: "orders", secret: strong },
      { name: "billing", secret: `${strong}x` },
    ]);
    expect(parseEnv(production).RESOURCE_SERVER_SECRETS).toEqual([]);
    for (const bad of [
      `orders:${"r".repeat(31)}`,
      strong,
      `a b:${strong}`,
      `x:${strong},x:${strong}y`,
    ]) {
      expect(problemsOf({ ...production, RESOURCE_SERVER_SECRETS: bad })).toContain(
        "RESOURCE_SERVER_SECRETS",
      );
    }
  });
});
