import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { expectWellFormedAnswer } from "../../support/well-formed";
import { workspaceApi, workspaceWithMember } from "../../support/workspaces";

// Generated input (fast-check) at every workspace endpoint that reads a body or an id: whatever
// arrives, never a 5xx, never a stack trace, and an error answer in the one shape.

const RUNS = 25;

// Texts PostgreSQL refuses or misreads: each is also tried in every field, every run.
const NASTY_TEXTS = [
  "\u0000",
  "\ud800",
  "\u202e",
  "0000-01-01",
  "00000000-0000-0000-0000-000000000000",
];
const nasty = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom(...NASTY_TEXTS));
const value = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.json(),
);
const body = (fields: string[]) =>
  fc.oneof(fc.dictionary(fc.constantFrom(...fields), value), fc.anything());

let api: ReturnType<typeof workspaceApi>;
let id: string;
let memberId: string;

beforeAll(async () => {
  const fixture = await workspaceWithMember("member");
  api = workspaceApi(fixture.owner.headers);
  id = fixture.id;
  memberId = fixture.member.user.id;
});

describe("generated input at the workspace API", () => {
  const targets: [string, string[], (input: unknown) => Promise<Response>][] = [
    ["create", ["name"], (input) => api.create(input)],
    ["rename", ["name"], (input) => api.rename(id, input)],
    ["delete", ["confirmName"], (input) => api.delete(id, input)],
    ["change role", ["role"], (input) => api.changeRole(id, memberId, input)],
    ["transfer", ["userId"], (input) => api.transfer(id, input)],
    ["invite", ["email", "role"], (input) => api.invite(id, input)],
    [
      "create task",
      ["title", "assigneeId", "status", "dueDate"],
      (input) => api.createTask(id, input),
    ],
  ];
  for (const [name, fields, send] of targets) {
    it(`never answers 5xx to ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(body(fields), async (input) => expectWellFormedAnswer(await send(input))),
        {
          numRuns: RUNS,
          examples: fields.flatMap((field) =>
            NASTY_TEXTS.map((text): [unknown] => [{ [field]: text }]),
          ),
        },
      );
    });
  }

  it("never answers 5xx to any workspace, member, task or invitation id", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, async (anyId) => {
        // Handed to the handlers as Next.js hands a URL's segment on: decoded.
        for (const response of [
          await api.get(anyId),
          await api.tasks(anyId),
          await api.task(id, anyId),
          await api.removeMember(id, anyId),
          await api.revoke(id, anyId),
          await api.accept(anyId),
        ]) {
          await expectWellFormedAnswer(response);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
