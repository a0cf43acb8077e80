/**
 * What a user was typing, kept for this tab (sessionStorage) so that a trip through the sign-in
 * page after a session ended (lib/client/session-refresh.ts `signInAndReturn`) or a reload does
 * not lose it. Never for passwords; only plain text the user typed into the page.
 */
export type Draft = Record<string, string>;

export function readDraft(key: string): Draft | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(`taskflow:draft:${key}`) ?? "null");
    return value && typeof value === "object" ? (value as Draft) : null;
  } catch {
    return null;
  }
}

/** Keeps the draft, or forgets it when every field is empty. */
export function saveDraft(key: string, draft: Draft): void {
  try {
    if (Object.values(draft).every((value) => !value)) {
      sessionStorage.removeItem(`taskflow:draft:${key}`);
    } else {
      sessionStorage.setItem(`taskflow:draft:${key}`, JSON.stringify(draft));
    }
  } catch {
    // Storage full or disabled: the draft lives only in the page, as before.
  }
}
