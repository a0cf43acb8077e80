import { z } from "zod";
import { TASK_PRIORITIES, TASK_STATUSES } from "@/lib/db/schema";
import { pageCursor, pageLimit } from "@/lib/http/pagination";
import {
  calendarDate,
  multiLineText,
  requiredSingleLineText,
  singleLineText,
} from "@/lib/validation/text";
import { timeZone } from "./time-zone";

/**
 * The task API's request contract. Bodies are strict objects: a field the API does not accept
 * (`userId`, `id`, `version`, `createdAt`, ...) is a 400, never silently written or dropped.
 */

const TASK_TITLE_MAX_LENGTH = 200;

const taskFields = {
  title: requiredSingleLineText(
    { empty: "Title is required", tooLong: "At most 200 characters" },
    TASK_TITLE_MAX_LENGTH,
  ),
  description: multiLineText.max(5000, "At most 5000 characters"),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  dueDate: calendarDate.nullable(),
};

export const createTaskSchema = z.strictObject({
  title: taskFields.title,
  description: taskFields.description.default(""),
  status: taskFields.status.default("pending"),
  priority: taskFields.priority.default("medium"),
  dueDate: taskFields.dueDate.default(null),
});
export type CreateTaskInput = z.infer<typeof createTaskSchema>;

// Built from the bare fields: zod's .partial() would keep the create defaults, and a PATCH that
// leaves out `priority` must not reset it to "medium".
export const updateTaskSchema = z
  .strictObject({
    title: taskFields.title.optional(),
    description: taskFields.description.optional(),
    status: taskFields.status.optional(),
    priority: taskFields.priority.optional(),
    dueDate: taskFields.dueDate.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change");
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;

export const TASK_SORTS = [
  "createdAt",
  "-createdAt",
  "dueDate",
  "-dueDate",
  "priority",
  "-priority",
  "title",
] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const DUE_WINDOWS = ["overdue", "today", "week"] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

export const listTasksQuerySchema = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  // A blank search box searches for nothing in particular: every task matches.
  q: singleLineText
    .trim()
    .max(200)
    .transform((text) => text || undefined)
    .optional(),
  due: z.enum(DUE_WINDOWS).optional(),
  // `due=today` needs to know whose today it is.
  tz: timeZone.default("UTC"),
  sort: z.enum(TASK_SORTS).default("-createdAt"),
  limit: pageLimit,
  cursor: pageCursor,
});
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;

export const statsQuerySchema = z.strictObject({ tz: timeZone.default("UTC") });

/** `If-Match: 3` or the ETag we send, `If-Match: "3"`. */
export const ifMatchSchema = z
  .string()
  .regex(/^(\d{1,9}|"\d{1,9}")$/, 'If-Match must be a task version, like "3"')
  .transform((value) => Number.parseInt(value.replaceAll('"', ""), 10));

export const taskIdSchema = z.uuid();
