import { API_REFERENCE } from "@/app/api/reference";
import { getEnv } from "@/lib/env";
import type { Operation } from "@/lib/openapi/document";

export const metadata = { title: "API reference" };

/**
 * The API reference, rendered on the server from the OpenAPI document (app/api/reference.ts):
 * no script and nothing from a CDN, so it works offline and under the app's strict CSP. The
 * document itself, for client generators and other renderers, is /api/openapi.json.
 */
const METHOD_STYLE: Record<Operation["method"], string> = {
  get: "bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200",
  patch: "bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200",
  delete: "bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200",
};

const AUTH_LABEL: Record<NonNullable<Operation["auth"]>, string> = {
  user: "Bearer access token or cookie",
  admin: "Bearer access token or cookie, admin role",
  cron: "Bearer $CRON_SECRET",
  "resource-server": "Resource server (Basic or Bearer secret)",
};

type Schema = Record<string, unknown>;

const COMPONENTS = (API_REFERENCE.document("").components?.schemas ?? {}) as Record<string, Schema>;

export default function ApiReferencePage() {
  const document = API_REFERENCE.document(getEnv().BETTER_AUTH_URL);
  const tags = [...new Set(API_REFERENCE.operations.map((operation) => operation.tag))];
  return (
    <main id="main" className="mx-auto max-w-4xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight">{document.info.title}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        {document.info.description} The machine-readable document:{" "}
        <a
          className="font-medium text-indigo-700 underline dark:text-indigo-300"
          href="/api/openapi.json"
        >
          /api/openapi.json
        </a>{" "}
        (OpenAPI {document.openapi}).
      </p>
      <nav aria-label="Sections" className="mt-6 flex flex-wrap gap-2">
        {tags.map((tag) => (
          <a
            key={tag}
            href={`#${anchor(tag)}`}
            className="rounded-full border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {tag}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={anchor(tag)} className="mt-10">
          <h2 id={anchor(tag)} className="text-xl font-semibold">
            {tag}
          </h2>
          {API_REFERENCE.operations
            .filter((operation) => operation.tag === tag)
            .map((operation) => (
              <OperationCard
                key={`${operation.method} ${operation.path}`}
                operation={operation}
                item={document.paths?.[operation.path]?.[operation.method] as Schema | undefined}
              />
            ))}
        </section>
      ))}
    </main>
  );
}

function OperationCard({ operation, item }: { operation: Operation; item?: Schema }) {
  const body = (item?.requestBody as { content?: Record<string, { schema: Schema }> })?.content;
  const parameters = (item?.parameters ?? []) as { name: string; in: string; required?: boolean }[];
  const responses = (item?.responses ?? {}) as Record<
    string,
    { description: string; content?: { "application/json"?: { schema: Schema } } }
  >;
  return (
    <article className="mt-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span
          className={`rounded px-2 py-0.5 font-bold uppercase ${METHOD_STYLE[operation.method]}`}
        >
          {operation.method}
        </span>
        <span className="break-all">{operation.path}</span>
      </h3>
      <p className="mt-2 text-sm">
        <InlineCode text={operation.summary} />
      </p>
      {operation.auth && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          Authorization: {AUTH_LABEL[operation.auth]}
        </p>
      )}
      {parameters.length > 0 && (
        <p className="mt-2 text-xs">
          Parameters:{" "}
          {parameters.map((parameter) => (
            <code key={`${parameter.in}:${parameter.name}`} className="mr-2">
              {parameter.name} ({parameter.in}
              {parameter.required ? ", required" : ""})
            </code>
          ))}
        </p>
      )}
      {body &&
        Object.entries(body).map(([type, { schema }]) => (
          <SchemaBlock key={type} label={`Body, ${type}`} schema={schema} />
        ))}
      <dl className="mt-3 space-y-1 text-sm">
        {Object.entries(responses).map(([status, answer]) => (
          <div key={status}>
            <dt className="inline font-mono font-semibold">{status}</dt>{" "}
            {/* A <dl>'s <div> holds only <dt> and <dd>: the answer's schema is part of the dd. */}
            <dd className="inline">
              <InlineCode text={answer.description} />
              {answer.content?.["application/json"] && (
                <SchemaBlock label="Answer" schema={answer.content["application/json"].schema} />
              )}
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

// Summaries and descriptions are written for the OpenAPI document, where `code` is Markdown.
function InlineCode({ text }: { text: string }) {
  return text.split(/`([^`]+)`/).map((part, index) =>
    index % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
      <code key={index} className="rounded bg-slate-100 px-1 text-[0.9em] dark:bg-slate-800">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

// A named schema (`$ref: "#/components/schemas/Task"`) is shown as its definition.
function SchemaBlock({ label, schema }: { label: string; schema: Schema }) {
  const ref = typeof schema.$ref === "string" ? schema.$ref.split("/").at(-1) : undefined;
  const shown = ref ? (COMPONENTS[ref] ?? schema) : schema;
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </summary>
      <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-100 p-2 text-xs dark:bg-slate-950">
        {ref && `${ref} `}
        {JSON.stringify(shown, null, 2)}
      </pre>
    </details>
  );
}

const anchor = (tag: string) => tag.toLowerCase().replaceAll(" ", "-");
