import { z } from "zod";

const UUID = z.regexes.uuid();

/**
 * Whether `value` is a uuid by `z.uuid()`'s own rule: an id PostgreSQL will cast. A test of the
 * rule's pattern, not a schema built per call, because it runs on every guarded workspace request.
 */
export const isUuid = (value: string): boolean => UUID.test(value);
