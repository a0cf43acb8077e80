"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import type { FieldErrors } from "@/lib/client/api-error";
import { readDraft, saveDraft } from "@/lib/client/drafts";
import type { NewTask } from "@/lib/client/tasks-api";
import { isBlank, textProblem } from "@/lib/validation/text-rules";
import { controlClass, inputClass } from "../ui/styles";
import { SubmitButton } from "../ui/submit-button";
import { AssigneeSelect, assigneeOf } from "./assignee-select";
import { PriorityAndDue } from "./priority-and-due";
import type { Assignee } from "./task-space";

/**
 * Adds a task in one line: type, optionally pick a priority and a due date, press Enter. The
 * form clears at once (the board shows the task optimistically) and refills if the server
 * refuses it, with the server's message under the field. What is typed is kept for the tab
 * (lib/client/drafts.ts), a submitted task until the server has it: a session that ends
 * mid-sentence, or at Enter, sends the user to sign in and back, and the sentence is still here.
 * In a shared workspace it also picks the assignee.
 */
export function TaskComposer({
  draftKey,
  assignees,
  onCreate,
}: {
  draftKey: string;
  assignees?: Assignee[];
  onCreate: (task: NewTask) => Promise<FieldErrors | null>;
}) {
  const titleRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [showDetails, setShowDetails] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    const draft = readDraft(draftKey);
    if (!draft || !formRef.current) return;
    if (draft.description) setShowDetails(true);
    // The details field renders on the next pass; fill after it.
    const form = formRef.current;
    requestAnimationFrame(() => restore(form, draft));
  }, [draftKey]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const title = String(data.get("title") ?? "").trim();
    const problem = isBlank(title) ? "Give the task a title" : textProblem(title);
    if (problem) {
      setErrors({ title: [problem] });
      titleRef.current?.focus();
      return;
    }
    const task: NewTask = {
      title,
      description: String(data.get("description") ?? ""),
      priority: String(data.get("priority")) as NewTask["priority"],
      dueDate: String(data.get("dueDate") ?? "") || null,
      ...assigneeOf(data),
    };
    setErrors({});
    form.reset();
    titleRef.current?.focus();
    // The stored draft is still this task until the server has it: a session that ends now
    // sends the tab to sign in before this page could save anything, and the task comes back.
    const refused = await onCreate(task);
    if (refused) {
      // Unless the user has started the next task meanwhile, give them this one back to fix.
      if (!titleRef.current?.value) restore(form, task);
      setErrors(refused);
    }
    // Now the draft is what the form holds: nothing after a success, or the next task typed.
    saveDraft(draftKey, draftOf(form));
  }

  const titleError = errors.title?.[0];
  const otherError =
    errors.description?.[0] ??
    errors.dueDate?.[0] ??
    errors.priority?.[0] ??
    errors.assigneeId?.[0];

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      onInput={(event) => {
        saveDraft(draftKey, draftOf(event.currentTarget));
        if (titleError) setErrors(({ title: _answered, ...others }) => others);
      }}
      noValidate
      aria-label="Add a task"
      className="space-y-2"
    >
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
          // "Give the task a title" is about the empty Enter just pressed: once the field is
          // left for anything else (a task completed, a filter), it no longer applies.
          onBlur={() => titleError && setErrors(({ title: _left, ...others }) => others)}
          className={`${controlClass} min-w-0 flex-[1_1_100%] sm:flex-[1_1_16rem]`}
        />
        <PriorityAndDue idPrefix="new-task" />
        {assignees && <AssigneeSelect idPrefix="new-task" assignees={assignees} />}
        <SubmitButton>Add</SubmitButton>
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

const DRAFT_FIELDS = ["title", "description", "priority", "dueDate", "assigneeId"] as const;

function draftOf(form: HTMLFormElement): Record<string, string> {
  const data = new FormData(form);
  const draft = Object.fromEntries(
    DRAFT_FIELDS.map((name) => [name, String(data.get(name) ?? "")]),
  );
  // The default priority alone is no draft.
  return draft.priority === "medium" ? { ...draft, priority: "" } : draft;
}

function restore(form: HTMLFormElement, values: Partial<Record<string, string | null>>) {
  for (const name of DRAFT_FIELDS) {
    const field = form.elements.namedItem(name);
    const fallback = name === "priority" ? "medium" : "";
    if (field && "value" in field) field.value = values[name] || fallback;
  }
}
