import type { AuthFeature, ErrorAnswer, ServedEndpoint } from "./endpoint";

/** Every endpoint the features serve, by path; a path two features claim is a mistake. */
export function servedEndpoints(features: readonly AuthFeature[]): Record<string, ServedEndpoint> {
  return collect(features, (feature) => feature.endpoints, "endpoint");
}

/** Better Auth's error codes that have an answer of ours (the spec's wording included). */
export function errorAnswers(features: readonly AuthFeature[]): Record<string, ErrorAnswer> {
  return collect(features, (feature) => feature.errors ?? {}, "error code");
}

function collect<Value>(
  features: readonly AuthFeature[],
  table: (feature: AuthFeature) => Record<string, Value>,
  what: string,
): Record<string, Value> {
  const all: Record<string, Value> = {};
  for (const feature of features) {
    for (const [key, value] of Object.entries(table(feature))) {
      if (Object.hasOwn(all, key)) throw new Error(`Two auth features declare the ${what} ${key}`);
      all[key] = value;
    }
  }
  return all;
}
