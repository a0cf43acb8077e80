"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Notice } from "./notices";

const NOTICE_MS = 6_000;
/**
 * Errors share one slot: a burst of failures (offline) is one message, not a wall over the list.
 */
const ERROR_SLOT = "error";
const MAX_SHOWN = 3;

export type NewNotice = Omit<Notice, "id" | "repeats"> & { id?: string };

/**
 * The short messages at the bottom of the dashboard. Each goes after its time (or when
 * dismissed); one with the id of a shown one replaces it and restarts its time. Errors always
 * replace the error shown, counting how many more there were; at most three notices at once.
 */
export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const nextId = useRef(0);

  const dismiss = useCallback((id: string) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setNotices((all) => all.filter((notice) => notice.id !== id));
  }, []);

  const notify = useCallback(
    (notice: NewNotice, ttl = NOTICE_MS) => {
      nextId.current += 1;
      const id = notice.tone === "error" ? ERROR_SLOT : (notice.id ?? `notice-${nextId.current}`);
      setNotices((all) => {
        const replaced = all.find((other) => other.id === id);
        const repeats = replaced && notice.tone === "error" ? replaced.repeats + 1 : 0;
        const others = all.filter((other) => other.id !== id);
        return [...others, { ...notice, id, repeats }].slice(-MAX_SHOWN);
      });
      clearTimeout(timers.current.get(id));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), ttl),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { notices, notify, dismiss };
}
