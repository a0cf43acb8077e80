import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/{unit,integration}/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    // bcrypt cost 12 is ~290 ms a hash on 2 cores: sign-up heavy tests need the headroom.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One JSON line per handled request (lib/http/log.ts) would bury the test output; tests
    // that check those lines spy on console.info, which still sees them.
    onConsoleLog: (log) => !log.includes('"event":"request"'),
  },
});
