import { JoinWorkspace } from "@/components/workspaces/join-workspace";

export const metadata = { title: "Join a workspace" };

/** An invitation's link lands here; its token is in the fragment, read by the browser only. */
export default function JoinPage() {
  return (
    <main id="main" className="mx-auto max-w-lg px-4 py-16">
      <h1 className="mb-4 text-2xl font-bold tracking-tight">Join a workspace</h1>
      <JoinWorkspace />
    </main>
  );
}
