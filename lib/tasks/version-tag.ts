/**
 * The strong ETag of a task version, which `If-Match` sends back: the data layer answers a lost
 * race with it (412) and the HTTP layer tags every task answer with it.
 */
export function versionTag(version: number): string {
  return `"${version}"`;
}
