export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-24">
      <h1 className="text-4xl font-bold tracking-tight">Taskflow</h1>
      <p className="text-lg text-slate-600 dark:text-slate-300">
        Keep track of what matters: tasks, priorities, due dates and how much you got done this
        week. Your data stays yours, behind short-lived tokens checked on every request.
      </p>
    </main>
  );
}
