import { forbidden, notFound } from "next/navigation";
import { loadOrRetryPage } from "@/lib/http/page-outage";
import { workspaceRefusal } from "@/lib/http/workspace-refusal";

/**
 * A workspace page's data: a workspace the user is not (or no longer) a member of is the 404
 * page, a role that may not see it the 403 page, an outage the retry page.
 */
export async function loadWorkspacePage<T>(path: string, load: () => Promise<T>): Promise<T> {
  return loadOrRetryPage(path, async () => {
    try {
      return await load();
    } catch (error) {
      const refusal = workspaceRefusal(error);
      if (refusal?.status === 404) notFound();
      if (refusal?.status === 403) forbidden();
      throw error;
    }
  });
}
