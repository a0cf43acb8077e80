"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { Notice } from "./notices";

const NOTICE_MS = 6_000;
/**
 * Errors share one slot: a burst of failures (offline) is one message, not a wall over the list.
 */
const ERROR_SLOT = "error";
const MAX_SHOWN = 3;

export type NewNotice = Omit<Notice, "id" | "repeats"> & {
  id?: string;
  /** Runs when the notice goes, by its time or dismissed (a deletion is committed then). */
  onEnd?: () => void;
};

type Timer = {
  handle?: ReturnType<typeof setTimeout>;
  deadline: number;
  remaining: number;
  onEnd?: () => void;
};

/**
 * The short messages at the bottom of the dashboard. Each goes after its time (or when
 * dismissed); one with the id of a shown one replaces it and restarts its time. Errors always
 * replace the error shown, counting how many more there were; at most three notices at once.
 * A notice's time stands still while the pointer is over it or focus is in it (WCAG 2.2.1):
 * whoever is reading it, or about to press its Undo, is never raced by it.
 */
export function useNotices() {
  const [notices, setNotices] = useState<Notice[]>([]);
  const timers = useRef(new Map<string, Timer>());
  const nextId = useRef(0);

  const dismiss = useCallback((id: string) => {
    const timer = timers.current.get(id);
    clearTimeout(timer?.handle);
    timers.current.delete(id);
    setNotices((all) => all.filter((notice) => notice.id !== id));
    timer?.onEnd?.();
  }, []);

  const start = useCallback(
    (id: string, ms: number, onEnd?: () => void) => {
      const timer: Timer = { deadline: Date.now() + ms, remaining: ms, onEnd };
      timer.handle = setTimeout(() => dismiss(id), ms);
      timers.current.set(id, timer);
    },
    [dismiss],
  );

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
      clearTimeout(timers.current.get(id)?.handle);
      start(id, ttl, notice.onEnd);
    },
    [start],
  );

  /** Stops every shown notice's time (they sit together: one hover or focus holds them all). */
  const pause = useCallback(() => {
    for (const timer of timers.current.values()) {
      if (timer.handle === undefined) continue;
      clearTimeout(timer.handle);
      timer.handle = undefined;
      timer.remaining = Math.max(0, timer.deadline - Date.now());
    }
  }, []);

  const resume = useCallback(() => {
    for (const [id, timer] of timers.current) {
      if (timer.handle === undefined) start(id, timer.remaining, timer.onEnd);
    }
  }, [start]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer.handle);
    };
  }, []);

  return { notices, notify, dismiss, pause, resume };
}
