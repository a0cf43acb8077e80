import Link from "next/link";

export const metadata = { title: "Access denied · Taskflow" };

export default function ForbiddenPage() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-6 py-24">
      <p className="text-sm font-semibold text-red-600 dark:text-red-400">403</p>
      <h1 className="text-3xl font-bold tracking-tight">You don’t have access to this page</h1>
      <p className="text-slate-600 dark:text-slate-300">
        This area is for administrators. If you think you should have access, ask an admin.
      </p>
      <Link
        className="font-medium text-indigo-600 underline dark:text-indigo-400"
        href="/dashboard"
      >
        Back to your dashboard
      </Link>
    </main>
  );
}
