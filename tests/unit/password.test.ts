import { createHmac } from "node:crypto";
import bcrypt from "bcryptjs";
import { afterEach, describe, expect, it } from "vitest";
import { BCRYPT_COST, hashPassword, verifyPassword } from "@/lib/auth/passwords/password";
import { importWithEnv, restoreEnv } from "../support/isolation";
import { hashAtProductionCostInThisTest } from "../support/setup";

// The stored scheme, spelled out independently: hashes already in databases were made by
// bcryptjs on the main thread from exactly this input, and must keep verifying.
const prehashed = (password: string) =>
  createHmac("sha256", "taskflow/bcrypt-prehash/v1").update(password, "utf8").digest("base64");

describe("password hashing", () => {
  // The hashing contract itself: cost 12, as a deployment hashes. The other tests prove what the
  // input to bcrypt is, which no cost changes: they hash at the suite's lower cost.
  it("produces a bcrypt hash of cost 12 that verifies only the same password", async () => {
    hashAtProductionCostInThisTest();
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$2[ab]\$12\$[./A-Za-z0-9]{53}$/);
    expect(BCRYPT_COST).toBe(12);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("tells apart passwords that differ only after bcrypt's 72-byte limit", async () => {
    const prefix = "p".repeat(72);
    const hash = await hashPassword(`${prefix}-first`);
    expect(await verifyPassword(`${prefix}-first`, hash)).toBe(true);
    expect(await verifyPassword(`${prefix}-second`, hash)).toBe(false);
    expect(await verifyPassword(prefix, hash)).toBe(false);
  });

  it("counts multi-byte characters whole, exactly as typed", async () => {
    // 30 four-byte emoji = 120 bytes: far past 72 bytes, within 128 characters.
    const long = "🔑".repeat(30);
    const hash = await hashPassword(long);
    expect(await verifyPassword(long, hash)).toBe(true);
    expect(await verifyPassword(`${"🔑".repeat(29)}🔒`, hash)).toBe(false);
    // No Unicode normalisation: "é" precomposed and decomposed are different passwords.
    const composed = await hashPassword("caf\u00e9-latte");
    expect(await verifyPassword("cafe\u0301-latte", composed)).toBe(false);
  });

  it("verifies hashes made before the worker pool, and makes hashes bcryptjs verifies", async () => {
    hashAtProductionCostInThisTest();
    const stored = await bcrypt.hash(prehashed("correct horse battery"), BCRYPT_COST);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    const made = await hashPassword("correct horse battery");
    expect(await bcrypt.compare(prehashed("correct horse battery"), made)).toBe(true);
  });

  describe("the test runs' lower cost (TEST_BCRYPT_COST)", () => {
    afterEach(restoreEnv);
    const load = () => import("@/lib/auth/passwords/password");

    it("hashes at that cost under NODE_ENV=test, and the hash verifies", async () => {
      const test = await importWithEnv(load, { NODE_ENV: "test", TEST_BCRYPT_COST: "4" });
      const hash = await test.hashPassword("correct horse battery");
      expect(hash).toMatch(/^\$2[ab]\$04\$/);
      expect(await test.verifyPassword("correct horse battery", hash)).toBe(true);
      // The cost is read from the hash: cost-12 hashes still verify in that run.
      const strong = await hashPassword("correct horse battery");
      expect(await test.verifyPassword("correct horse battery", strong)).toBe(true);
    });

    it.each(["production", "development"])(
      "refuses to hash at all under NODE_ENV=%s",
      async (mode) => {
        const other = await importWithEnv(load, { NODE_ENV: mode, TEST_BCRYPT_COST: "4" });
        await expect(other.hashPassword("correct horse battery")).rejects.toThrow(
          /TEST_BCRYPT_COST is for test runs only/,
        );
      },
    );
  });
});
