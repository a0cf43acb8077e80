import type { ReactNode } from "react";
import { cardClass } from "../ui/styles";

/** One block of the settings page: a heading and its description beside the controls. */
export function SettingsSection({
  id,
  title,
  description,
  tone = "default",
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  tone?: "default" | "danger";
  children: ReactNode;
}) {
  const border = tone === "danger" ? "border-red-200 dark:border-red-900/60" : "";
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className={`${cardClass} ${border} scroll-mt-6 p-5 sm:p-6`}
    >
      <div className="grid gap-6 md:grid-cols-[minmax(0,14rem)_1fr]">
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold">
            {title}
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
        </div>
        <div className="min-w-0">{children}</div>
      </div>
    </section>
  );
}
