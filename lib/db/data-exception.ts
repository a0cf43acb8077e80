import { errorChain } from "./error-chain";

const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/**
 * Whether `error` itself is PostgreSQL refusing a value (SQLSTATE class 22, data exception): a
 * NUL or half a surrogate pair in text, a string that is no uuid or date, a number out of range.
 * Its message quotes the value.
 */
export function carriesDataException(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && DATA_EXCEPTION.test(code);
}

/** Whether a statement failed because of a value it was given (drizzle wraps the driver's error). */
export function isDataException(error: unknown): boolean {
  for (const current of errorChain(error)) if (carriesDataException(current)) return true;
  return false;
}
