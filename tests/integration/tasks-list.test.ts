import { beforeAll, describe, expect, it } from "vitest";
import { TASK_SORTS, type TaskSort } from "@/lib/tasks/schemas";
import { insertTasks } from "../support/data";
import { signedInTaskUser, type TaskApi, type TaskJson } from "../support/tasks";

const DAY_MS = 86_400_000;
const dateOffset = (days: number, from = new Date()) =>
  new Date(from.getTime() + days * DAY_MS).toISOString().slice(0, 10);

const PRIORITY_RANK = { low: 0, medium: 1, high: 2 } as const;

/** The documented order of every sort, written independently of the SQL. */
function expectedOrder(sort: TaskSort, list: TaskJson[]): string[] {
  const descending = sort.startsWith("-");
  const field = sort.replace("-", "");
  const key = (task: TaskJson): string | number => {
    if (field === "createdAt") return task.createdAt;
    if (field === "dueDate") return task.dueDate ?? "9999-12-31"; // undated after every date
    if (field === "priority") return PRIORITY_RANK[task.priority];
    return task.title.toLowerCase(); // case-insensitive
  };
  const compare = (a: TaskJson, b: TaskJson) => {
    const [ka, kb] = [key(a), key(b)];
    const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
    return byKey !== 0 ? byKey : a.id < b.id ? -1 : 1;
  };
  const sorted = [...list].sort(compare);
  return (descending ? sorted.reverse() : sorted).map((task) => task.id);
}

/** Follows nextCursor to the end; `between` runs after each page (to insert rows meanwhile). */
async function allPages(
  api: TaskApi,
  query: string,
  between: (page: number) => Promise<void> = async () => {},
) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const cursorParam: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = await api.page(`?${query}${cursorParam}`);
    ids.push(...page.items.map((task) => task.id));
    cursor = page.nextCursor;
    pages += 1;
    await between(pages);
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { ids, pages };
}

async function listError(api: TaskApi, query: string) {
  const response = await api.list(query);
  expect(response.status, query).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe("validation_error");
  return error.fields as Record<string, string[]>;
}

describe("GET /api/tasks", () => {
  let owner: Awaited<ReturnType<typeof signedInTaskUser>>;
  let fixture: TaskJson[];
  const today = dateOffset(0);

  beforeAll(async () => {
    owner = await signedInTaskUser();
    const start = Date.now() - 3_600_000;
    const rows = [
      {
        title: "alpha report",
        priority: "high",
        dueDate: dateOffset(-3),
        description: "Quarterly numbers",
      },
      { title: "bravo call", status: "completed", priority: "medium", dueDate: dateOffset(-2) },
      { title: "charlie groceries", priority: "low", dueDate: today, description: "milk and EGGS" },
      { title: "delta review", status: "completed", priority: "high", dueDate: today },
      { title: "echo plan", priority: "medium", dueDate: dateOffset(6) },
      { title: "foxtrot trip", priority: "low", dueDate: dateOffset(7) },
      { title: "golf notes", priority: "medium", dueDate: null, description: "50% done" },
      { title: "hotel booking", priority: "high", dueDate: null, description: "500 done" },
      { title: "india tasks", priority: "low", dueDate: dateOffset(1), description: "snake_case" },
      { title: "juliet", priority: "medium", dueDate: dateOffset(1), description: "snakeXcase" },
    ] as const;
    await insertTasks(
      owner.user.id,
      rows.map((row, index) => ({
        status: "pending" as const,
        ...row,
        completedAt: "status" in row ? new Date(start) : null,
        createdAt: new Date(start + index * 1000),
      })),
    );
    fixture = (await owner.api.page("?limit=100")).items;
    expect(fixture).toHaveLength(rows.length);

    // Someone else's tasks that would match every filter below.
    const stranger = await signedInTaskUser();
    await insertTasks(
      stranger.user.id,
      rows.map((row) => ({ ...row, title: `${row.title} (stranger)` })),
    );
  });

  const titles = async (query: string) =>
    (await owner.api.page(query)).items.map((task) => task.title);

  it("lists only the caller's tasks, newest first, with no owner field", async () => {
    const page = await owner.api.page();
    expect(Object.keys(page).sort()).toEqual(["items", "nextCursor"]);
    expect(page.items.map((task) => task.title)).toEqual(
      [...fixture.map((task) => task.title)].sort().reverse(),
    );
    expect(page.nextCursor).toBeNull();
    for (const task of page.items) expect(task).not.toHaveProperty("userId");
  });

  it("filters by status and priority, alone and together", async () => {
    expect(await titles("?status=completed&sort=title")).toEqual(["bravo call", "delta review"]);
    expect((await titles("?status=pending")).length).toBe(8);
    expect(await titles("?priority=high&sort=title")).toEqual([
      "alpha report",
      "delta review",
      "hotel booking",
    ]);
    expect(await titles("?priority=high&status=pending&sort=title")).toEqual([
      "alpha report",
      "hotel booking",
    ]);
  });

  it("searches title and description case-insensitively, with wildcards taken literally", async () => {
    expect(await titles("?q=REPORT")).toEqual(["alpha report"]);
    expect(await titles("?q=eggs")).toEqual(["charlie groceries"]);
    expect(await titles(`?q=${encodeURIComponent("50%")}`)).toEqual(["golf notes"]);
    expect(await titles("?q=e_c")).toEqual(["india tasks"]);
    expect(await titles("?q=%20%20")).toHaveLength(fixture.length);
    expect(await titles("?q=nothing-like-this")).toEqual([]);
  });

  it("filters by due window: overdue (pending only), today, and the coming week", async () => {
    expect(await titles("?due=overdue")).toEqual(["alpha report"]);
    expect(await titles("?due=today&sort=title")).toEqual(["charlie groceries", "delta review"]);
    expect(await titles("?due=week&sort=title")).toEqual([
      "charlie groceries",
      "delta review",
      "echo plan",
      "india tasks",
      "juliet",
    ]);
    expect(await titles("?due=week&status=pending&priority=low&sort=title")).toEqual([
      "charlie groceries",
      "india tasks",
    ]);
  });

  for (const sort of TASK_SORTS) {
    it(`sort=${sort} orders as documented and pages through without duplicates or gaps`, async () => {
      const expected = expectedOrder(sort, fixture);
      const whole = await owner.api.page(`?sort=${sort}&limit=100`);
      expect(whole.items.map((task) => task.id)).toEqual(expected);

      const paged = await allPages(owner.api, `sort=${sort}&limit=3`);
      expect(paged.ids).toEqual(expected);
      expect(paged.pages).toBe(Math.ceil(expected.length / 3));
    });

    it(`sort=${sort} stays gap- and duplicate-free when tasks are inserted between pages`, async () => {
      const reader = await signedInTaskUser();
      const rows = fixture.map(({ title, priority, dueDate }) => ({ title, priority, dueDate }));
      const original = await insertTasks(reader.user.id, rows);
      // Rows that sort before, after and level with whatever the cursor points at.
      const between = async (page: number) => {
        if (page > 2) return;
        await insertTasks(reader.user.id, [
          { title: "aaa first", priority: "low", dueDate: "2000-01-01" },
          { title: "zzz last", priority: "high", dueDate: null },
          { title: "india tasks", priority: "medium", dueDate: dateOffset(1) },
        ]);
      };
      const { ids } = await allPages(reader.api, `sort=${sort}&limit=3`, between);
      expect(new Set(ids).size).toBe(ids.length);
      const seenOriginals = ids.filter((id) => original.some((task) => task.id === id));
      const originalJson = (await reader.api.page(`?limit=100&sort=${sort}`)).items.filter((task) =>
        original.some((row) => row.id === task.id),
      );
      expect(seenOriginals).toEqual(originalJson.map((task) => task.id));
      expect(seenOriginals).toHaveLength(original.length);
    });
  }

  it("sorts titles case-insensitively, and pages through equal-but-for-case titles exactly", async () => {
    const { api, user } = await signedInTaskUser();
    const inOrder = [
      "apple pie",
      "APPLE pie",
      "Apple Pie",
      "Banana Bread",
      "banana split",
      "Cherry",
    ];
    const created = await insertTasks(
      user.id,
      [...inOrder].reverse().map((title) => ({ title })),
    );
    const whole = (await api.page("?sort=title&limit=100")).items;
    expect(whole.map((task) => task.title.toLowerCase())).toEqual(
      inOrder.map((title) => title.toLowerCase()),
    );
    expect([...whole.map((task) => task.id)].sort()).toEqual(created.map((task) => task.id).sort());
    const expected = expectedOrder("title", whole);
    expect(whole.map((task) => task.id)).toEqual(expected);
    expect((await allPages(api, "sort=title&limit=2")).ids).toEqual(expected);
  });

  it("pages through tasks created in the same instant without duplicates or gaps", async () => {
    const { api, user } = await signedInTaskUser();
    const sameInstant = new Date();
    const created = await insertTasks(
      user.id,
      Array.from({ length: 7 }, (_, index) => ({ title: `tie ${index}`, createdAt: sameInstant })),
    );
    for (const sort of ["createdAt", "-createdAt", "priority", "-dueDate"]) {
      const { ids } = await allPages(api, `sort=${sort}&limit=2`);
      expect([...ids].sort()).toEqual(created.map((task) => task.id).sort());
    }
  });

  it("answers 20 tasks by default, up to 100 on request, with a cursor when more remain", async () => {
    const { api, user } = await signedInTaskUser();
    await insertTasks(
      user.id,
      Array.from({ length: 101 }, (_, index) => ({ title: `bulk ${index}` })),
    );
    const first = await api.page();
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    const max = await api.page("?limit=100");
    expect(max.items).toHaveLength(100);
    const rest = await api.page(`?limit=100&cursor=${max.nextCursor}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  it("refuses unknown parameters and values with 400 and field errors", async () => {
    const cases: [string, string][] = [
      ["?status=done", "status"],
      ["?priority=urgent", "priority"],
      ["?sort=owner", "sort"],
      ["?sort=-title", "sort"],
      ["?sort=created_at", "sort"],
      ["?due=tomorrow", "due"],
      ["?due=today&tz=Mars/Base", "tz"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=1.5", "limit"],
      ["?limit=ten", "limit"],
      ["?status=pending&status=completed", "status"],
      [`?q=${"x".repeat(201)}`, "q"],
      ["?userId=someone", ""],
      ["?owner=me", ""],
    ];
    for (const [query, field] of cases) {
      expect(Object.keys(await listError(owner.api, query)), query).toContain(field);
    }
  });

  it("refuses a cursor that is garbage, tampered with, or from another sort order", async () => {
    const { nextCursor } = await owner.api.page("?sort=title&limit=2");
    const forge = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    const id = fixture[0]?.id;
    const bad: [TaskSort, string][] = [
      ["createdAt", "not-a-cursor"],
      ["title", `${nextCursor}x`],
      ["dueDate", nextCursor ?? ""],
      ["createdAt", forge(["createdAt", "'); DROP TABLE tasks;--", id])],
      ["createdAt", forge(["createdAt", "2026-01-01T00:00:00.000000Z", "not-a-uuid"])],
      ["dueDate", forge(["dueDate", "2026-02-30", id])],
      ["priority", forge(["priority", "7", id])],
      ["title", forge({ sort: "title" })],
    ];
    for (const [sort, cursor] of bad) {
      const fields = await listError(owner.api, `?sort=${sort}&cursor=${cursor}`);
      expect(Object.keys(fields), cursor).toEqual(["cursor"]);
    }
  });

  it("treats a cursor as a position only: someone else's cursor lists the caller's own tasks", async () => {
    const stranger = await signedInTaskUser();
    const { nextCursor } = await owner.api.page("?sort=title&limit=1");
    const page = await stranger.api.page(`?sort=title&cursor=${nextCursor}`);
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
