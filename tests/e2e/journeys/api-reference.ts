import assert from "node:assert/strict";
import { journey } from "../support/journey";

/** A developer reading the API reference: every section, the document linked, nothing from afar. */
export const apiReference = journey(
  "the API reference at /docs/api lists every operation and loads nothing from another origin",
  async ({ device, origin }) => {
    const { page } = await device();
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== origin) elsewhere.push(request.url());
    });
    await page.goto("/docs/api", { waitUntil: "networkidle" });
    await page.getByRole("heading", { level: 1, name: "Taskflow API" }).waitFor();
    for (const section of ["Auth", "Sessions", "Tasks", "Admin", "Operations", "Better Auth"]) {
      await page.getByRole("heading", { level: 2, name: section, exact: true }).waitFor();
    }
    assert.ok(
      (await page.getByRole("heading", { level: 3 }).count()) > 30,
      "one heading per operation",
    );
    await page.getByRole("link", { name: "Tasks", exact: true }).click();
    await page.getByText("/api/tasks/{id}").first().waitFor();
    const documentUrl = await page
      .getByRole("link", { name: "/api/openapi.json" })
      .getAttribute("href");
    const document = await (await page.request.get(documentUrl ?? "")).json();
    assert.equal(document.openapi, "3.1.0");
    assert.deepEqual(elsewhere, [], "no request leaves the app's origin");
  },
);
