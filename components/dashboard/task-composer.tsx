"use client";

import { type FormEvent, useRef, useState } from "react";
import type { FieldErrors } from "@/lib/client/api-error";
import type { NewTask } from "@/lib/client/tasks-api";
import { controlClass, inputClass } from "../ui/styles";
import { PriorityAndDue } from "./priority-and-due";

/**
 * Adds a task in one line: type, optionally pick a priority and a due date, press Enter. The
 * form clears at once (the board shows the task optimistically) and refills if the server
 * refuses it, with the server's message under the field.
 */
export function TaskComposer({
  onCreate,
}: {
  onCreate: (task: NewTask) => Promise<FieldErrors | null>;
}) {
  const titleRef = useRef<HTMLInputElement>(null);
  const [showDetails, setShowDetails] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    if (!title) {
      setErrors({ title: ["Give the task a title"] });
      titleRef.current?.focus();
      return;
    }
    const task: NewTask = {
      title,
      description: String(data.get("description") ?? ""),
      priority: String(data.get("priority")) as NewTask["priority"],
      dueDate: String(data.get("dueDate") ?? "") || null,
    };
    setErrors({});
    form.reset();
    titleRef.current?.focus();
    const refused = await onCreate(task);
    if (refused) {
      // Unless the user has started the next task meanwhile, give them this one back to fix.
      if (!titleRef.current?.value) restore(form, task);
      setErrors(refused);
    }
  }

  const titleError = errors.title?.[0];
  const otherError = errors.description?.[0] ?? errors.dueDate?.[0] ?? errors.priority?.[0];

  return (
    <form onSubmit={submit} noValidate aria-label="Add a task" className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <label htmlFor="new-task-title" className="sr-only">
          New task
        </label>
        <input
          ref={titleRef}
          id="new-task-title"
          name="title"
          placeholder="Add a task and press Enter…"
          autoComplete="off"
          maxLength={200}
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? "new-task-error" : undefined}
          className={`${controlClass} min-w-0 flex-[1_1_100%] sm:flex-[1_1_16rem]`}
        />
        <PriorityAndDue idPrefix="new-task" />
        <button
          type="submit"
          className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400"
        >
          Add
        </button>
      </div>
      {showDetails ? (
        <div>
          <label htmlFor="new-task-description" className="sr-only">
            Description
          </label>
          <textarea
            id="new-task-description"
            name="description"
            rows={2}
            maxLength={5000}
            placeholder="Details (optional)"
            className={inputClass}
          />
        </div>
      ) : (
        <button
          type="button"
          onClick={() => setShowDetails(true)}
          className="rounded text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          + Add details
        </button>
      )}
      {(titleError || otherError) && (
        <p id="new-task-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
          {titleError ?? otherError}
        </p>
      )}
    </form>
  );
}

function restore(form: HTMLFormElement, task: NewTask) {
  const fields = form.elements;
  const set = (name: string, value: string) => {
    const field = fields.namedItem(name);
    if (field && "value" in field) field.value = value;
  };
  set("title", task.title);
  set("description", task.description ?? "");
  set("priority", task.priority ?? "medium");
  set("dueDate", task.dueDate ?? "");
}
