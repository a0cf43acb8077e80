/**
 * The consent page's choice of what an app's grant covers (docs/oauth.md, "Grants for a
 * workspace"), in a module without server code, for the page's form as well as the answer's check
 * (./app-grants.ts).
 */

/** The form's value for a grant over the user's personal tasks (the default). */
export const PERSONAL_TASKS = "personal";

/** A shared workspace the user may give an app access to. */
export type GrantableWorkspace = { id: string; name: string };
