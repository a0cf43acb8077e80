"use client";

/**
 * Short messages at the bottom of the screen: "Deleted … Undo", a refused change rolled back.
 * Announced politely; each can be dismissed, and an action (Undo) is a real button reachable
 * by keyboard. Which are shown, and for how long, is ./use-notices.ts.
 */
export type Notice = {
  id: string;
  text: string;
  tone: "info" | "error";
  /** `shortcut` as ARIA writes it ("Control+Z"), said beside the label. */
  action?: { label: string; shortcut?: string; run: () => void };
  /** How many more messages this one stands for (errors share one slot). */
  repeats: number;
};

export function Notices({
  notices,
  onDismiss,
  onPause,
  onResume,
}: {
  notices: Notice[];
  onDismiss: (id: string) => void;
  /** The pointer is over the notices, or focus is in them: their time stands still. */
  onPause: () => void;
  onResume: () => void;
}) {
  return (
    <section
      aria-label="Notifications"
      aria-live="polite"
      onMouseEnter={onPause}
      onMouseLeave={onResume}
      onFocus={onPause}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) onResume();
      }}
      className="pointer-events-none fixed inset-x-0 bottom-0 z-40 flex flex-col items-center gap-2 p-4"
    >
      {notices.map((notice) => (
        <div
          key={notice.id}
          role={notice.tone === "error" ? "alert" : "status"}
          className={`pointer-events-auto flex w-full max-w-md items-center gap-3 rounded-xl px-4 py-3 text-sm shadow-lg ring-1 ${
            notice.tone === "error"
              ? "bg-red-50 text-red-900 ring-red-200 dark:bg-red-950 dark:text-red-100 dark:ring-red-900"
              : "bg-slate-900 text-white ring-slate-900 dark:bg-slate-100 dark:text-slate-900 dark:ring-slate-200"
          }`}
        >
          <p className="min-w-0 flex-1 break-words">
            {notice.text}
            {notice.repeats > 0 && (
              <span className="ml-1 font-medium">
                (and {notice.repeats} more {notice.repeats === 1 ? "error" : "errors"})
              </span>
            )}
          </p>
          {notice.action && (
            <button
              type="button"
              onClick={notice.action.run}
              aria-keyshortcuts={notice.action.shortcut}
              className="rounded-md px-2 py-1 font-semibold text-indigo-300 hover:bg-white/10 dark:text-indigo-700 dark:hover:bg-slate-900/10"
            >
              {notice.action.label}
              {notice.action.shortcut && (
                <span className="font-normal opacity-80">
                  {" "}
                  ({notice.action.shortcut.replace("Control", "Ctrl")})
                </span>
              )}
            </button>
          )}
          <button
            type="button"
            onClick={() => onDismiss(notice.id)}
            className="rounded-md px-2 py-1 opacity-70 hover:opacity-100"
            aria-label="Dismiss"
          >
            ✕
          </button>
        </div>
      ))}
    </section>
  );
}
