"use client";

import { useEffect, useState } from "react";
import type { TaskFilters as Filters } from "@/lib/client/tasks-api";
import { SearchIcon } from "../ui/icons";
import { controlClass, inputClass } from "../ui/styles";
import { DUE_WINDOWS, PRIORITIES, SORTS, STATUSES } from "./options";

const SEARCH_DELAY_MS = 300;
const selectClass = `${controlClass} w-full sm:w-auto`;

/** Status tabs, priority and due filters, sort, and a search box that waits for a pause. */
type FiltersProps = { filters: Filters; onChange: (filters: Filters) => void };

const PRIORITY_FILTERS = [
  { value: undefined, label: "Any priority" },
  ...PRIORITIES.map((priority) => ({ value: priority.value, label: `${priority.label} priority` })),
];

export function TaskFilters(props: FiltersProps) {
  const { filters, onChange } = props;
  const [query, setQuery] = useState(filters.q ?? "");
  useEffect(() => {
    const trimmed = query.trim() || undefined;
    if (trimmed === filters.q) return;
    const timer = setTimeout(() => onChange({ ...filters, q: trimmed }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, filters, onChange]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <fieldset>
          <legend className="sr-only">Show</legend>
          <div className="inline-flex rounded-lg bg-slate-100 p-1 dark:bg-slate-800">
            {STATUSES.map((status) => {
              const checked = filters.status === status.value;
              return (
                <label
                  key={status.label}
                  className={`cursor-pointer rounded-md px-3 py-1 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500 ${
                    checked
                      ? "bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-white"
                      : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                  }`}
                >
                  <input
                    type="radio"
                    name="status"
                    className="sr-only"
                    checked={checked}
                    onChange={() => onChange({ ...filters, status: status.value })}
                  />
                  {status.label}
                </label>
              );
            })}
          </div>
        </fieldset>
        <div className="relative w-full sm:w-64">
          <label htmlFor="task-search" className="sr-only">
            Search tasks
          </label>
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-slate-400">
            <SearchIcon />
          </span>
          <input
            id="task-search"
            type="search"
            placeholder="Search tasks"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className={`${inputClass} pl-9`}
          />
        </div>
      </div>
      <div className="grid grid-cols-1 gap-2 sm:flex sm:flex-wrap">
        <FilterSelect name="priority" label="Priority" options={PRIORITY_FILTERS} {...props} />
        <FilterSelect name="due" label="Due" options={DUE_WINDOWS} {...props} />
        <FilterSelect name="sort" label="Sort" options={SORTS} {...props} />
      </div>
    </div>
  );
}

/** One labelled select bound to one filter; an empty value means "any". */
function FilterSelect<Name extends "priority" | "due" | "sort">({
  name,
  label,
  options,
  filters,
  onChange,
}: FiltersProps & {
  name: Name;
  label: string;
  options: { value: Filters[Name] | undefined; label: string }[];
}) {
  return (
    <>
      <label className="sr-only" htmlFor={`filter-${name}`}>
        {label}
      </label>
      <select
        id={`filter-${name}`}
        value={filters[name] ?? ""}
        onChange={(event) =>
          onChange({ ...filters, [name]: (event.target.value || undefined) as Filters[Name] })
        }
        className={selectClass}
      >
        {options.map((option) => (
          <option key={option.label} value={option.value ?? ""}>
            {option.label}
          </option>
        ))}
      </select>
    </>
  );
}
