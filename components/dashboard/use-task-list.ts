"use client";

import {
  type Dispatch,
  type SetStateAction,
  useCallback,
  useEffect,
  useRef,
  useState,
} from "react";
import { ApiError, networkError } from "@/lib/client/api-error";
import {
  type TaskFilters as Filters,
  filterParams,
  type Page,
  type Stats,
  type Task,
  type TaskClient,
} from "@/lib/client/tasks-api";
import { rememberTimeZone } from "@/lib/preferences/time-zone-cookie";
import type { NewNotice } from "./use-notices";

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";
const messageOf = (error: unknown) => (error instanceof ApiError ? error : networkError()).message;

/** The server renders this module has already shown: a second mount of one is a replay. */
const shownRenders = new Set<string>();

export type TaskList = {
  filters: Filters;
  tasks: Task[];
  setTasks: Dispatch<SetStateAction<Task[]>>;
  nextCursor: string | null;
  stats: Stats;
  timeZone: string;
  loading: "list" | "more" | null;
  changeFilters: (next: Filters) => void;
  loadMore: () => void;
  refreshStats: () => Promise<void>;
};

/**
 * The list the dashboard shows (filters in the URL, keyset pages) and its statistics. It starts
 * from what the server rendered and asks the API again when that render is not fresh: the
 * router cache hands a remembered render back on Back and Forward (`renderId` already shown),
 * and the browser's back-forward cache restores a frozen page (`pageshow` with `persisted`).
 * Tasks in `hidden` (deletions still in their undo window) never come back with a page.
 */
export function useTaskList({
  client,
  initialPage,
  initialStats,
  initialFilters,
  renderedTimeZone,
  renderId,
  hidden,
  notify,
}: {
  client: TaskClient;
  initialPage: Page;
  initialStats: Stats;
  initialFilters: Filters;
  renderedTimeZone: string;
  renderId: string;
  hidden: ReadonlySet<string>;
  notify: (notice: NewNotice) => void;
}): TaskList {
  const [filters, setFilters] = useState(initialFilters);
  const [tasks, setShownTasks] = useState(initialPage.items);
  const [nextCursor, setNextCursor] = useState(initialPage.nextCursor);
  const [stats, setStats] = useState(initialStats);
  const [timeZone, setTimeZone] = useState(renderedTimeZone);
  const [loading, setLoading] = useState<"list" | "more" | null>(null);
  const listRequest = useRef<AbortController | null>(null);
  const statsRequest = useRef<AbortController | null>(null);
  const zone = useRef(renderedTimeZone);
  const current = useRef(filters);
  current.current = filters;
  // A task added, edited or deleted here while the first page was on its way makes that page
  // stale: it was read before the change, so it is asked for again.
  const localChanges = useRef(0);
  const setTasks: Dispatch<SetStateAction<Task[]>> = useCallback((change) => {
    localChanges.current += 1;
    setShownTasks(change);
  }, []);

  const refreshStats = useCallback(async () => {
    statsRequest.current?.abort();
    const request = new AbortController();
    statsRequest.current = request;
    try {
      setStats(await client.stats(zone.current, request.signal));
    } catch {
      // Stale numbers are better than an error about numbers: the next change retries.
    }
  }, [client]);

  const load = useCallback(
    async (query: Filters, cursor?: string) => {
      listRequest.current?.abort();
      const request = new AbortController();
      listRequest.current = request;
      setLoading(cursor ? "more" : "list");
      try {
        let page: Page;
        let changesBefore: number;
        do {
          changesBefore = localChanges.current;
          page = await client.list(query, {
            timeZone: zone.current,
            cursor,
            signal: request.signal,
          });
        } while (!cursor && localChanges.current !== changesBefore);
        const fresh = page.items.filter((task) => !hidden.has(task.id));
        setShownTasks((shown) =>
          cursor
            ? [...shown, ...fresh.filter((task) => !shown.some((old) => old.id === task.id))]
            : fresh,
        );
        setNextCursor(page.nextCursor);
      } catch (error) {
        if (!isAbort(error))
          notify({ tone: "error", text: `Couldn’t load tasks: ${messageOf(error)}` });
      } finally {
        if (listRequest.current === request) setLoading(null);
      }
    },
    [client, hidden, notify],
  );

  const changeFilters = useCallback(
    (next: Filters) => {
      setFilters(next);
      const params = filterParams(next).toString();
      window.history.replaceState(null, "", params ? `?${params}` : window.location.pathname);
      void load(next);
    },
    [load],
  );

  // A render shown before is the router cache's memory of it, and a restored page was frozen:
  // either may be minutes old, so the first page and the numbers are asked for again.
  useEffect(() => {
    const reload = () => {
      void load(current.current);
      void refreshStats();
    };
    if (shownRenders.has(renderId)) reload();
    shownRenders.add(renderId);
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) reload();
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, [renderId, load, refreshStats]);

  // The server rendered with the time zone it knew (a cookie, or UTC on a first visit).
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browserZone || browserZone === zone.current) return;
    rememberTimeZone(browserZone);
    zone.current = browserZone;
    setTimeZone(browserZone);
    void refreshStats();
    if (initialFilters.due) void load(initialFilters);
  }, [initialFilters, load, refreshStats]);

  return {
    filters,
    tasks,
    setTasks,
    nextCursor,
    stats,
    timeZone,
    loading,
    changeFilters,
    loadMore: () => {
      if (nextCursor) void load(filters, nextCursor);
    },
    refreshStats,
  };
}
