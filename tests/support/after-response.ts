import { settleAfterResponseWork } from "@/lib/http/after-response";

/**
 * Reads what requests left to do after their answers (the mail of a sign-up, a reset, a new
 * sign-in) once all of it has ended: no polling, no sleep that a loaded machine outlasts.
 */
export async function afterResponses<T>(read: () => Promise<T>): Promise<T> {
  await settleAfterResponseWork();
  return read();
}
