/**
 * An error and the errors it wraps, outermost first: drizzle wraps driver errors in `cause`
 * (DrizzleQueryError), and a driver may wrap a socket error in turn. Bounded, since a cause
 * chain can be cyclic.
 */
export function* errorChain(error: unknown, maxDepth = 5): Generator<Error> {
  for (let current = error, depth = 0; current instanceof Error && depth < maxDepth; depth++) {
    yield current;
    current = current.cause;
  }
}
