import { vi } from "vitest";

/**
 * Everything written to the console from now on (until vi.restoreAllMocks), one string per
 * call, Error stacks included: for tests that search log output for what must not be there.
 */
export function captureConsole(): string[] {
  const lines: string[] = [];
  for (const level of ["debug", "info", "warn", "error", "log"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(
        args.map((arg) => (arg instanceof Error ? `${arg.stack}` : String(arg))).join(" "),
      );
    });
  }
  return lines;
}
