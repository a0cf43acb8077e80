"use client";

import { type FormEvent, useEffect, useState } from "react";
import { ApiError, networkError, tooManyAttempts } from "./api-error";

/**
 * The submit cycle every form shares: one request at a time, the server's message and field
 * errors kept for display, and after a 429 the seconds left before the button works again.
 * Inputs stay uncontrolled, so a refused submit never clears what the user typed.
 */
export function useApiForm<Result>(
  action: (form: FormData) => Promise<Result>,
  onSuccess?: (result: Result, form: HTMLFormElement) => void,
  /** The fields the form shows errors under; their errors are not repeated above it. */
  fields: readonly string[] = [],
) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const waitSeconds = useRetryCountdown(error);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || waitSeconds > 0) return;
    const form = event.currentTarget;
    setPending(true);
    setError(null);
    try {
      const result = await action(new FormData(form));
      onSuccess?.(result, form);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : networkError());
    } finally {
      setPending(false);
    }
  }

  return {
    onSubmit,
    pending,
    alert: alertFor(error, waitSeconds, fields),
    /** The server's error code, for a form that offers a way out of a particular refusal. */
    errorCode: error?.code,
    /** The first server message for a field, for `<Field error=...>`. */
    fieldError: (name: string) => error?.fields[name]?.[0],
    /** Seconds until a rate-limited form may be sent again (0 when it may). */
    waitSeconds,
  };
}

/**
 * The message above the form: the server's, unless it is about a field shown below. A 429 says
 * the time left as it counts down (the one countdown on the page), and goes once it is over.
 */
function alertFor(error: ApiError | null, waitSeconds: number, fields: readonly string[]) {
  if (!error) return null;
  if (error.status === 429) {
    if (error.retryAfterSeconds === undefined) return tooManyAttempts(undefined);
    return waitSeconds > 0 ? tooManyAttempts(waitSeconds) : null;
  }
  return fields.some((name) => error.fields[name]?.length) ? null : error.message;
}

/** Counts down a 429's Retry-After once per second; each new refusal restarts it. */
function useRetryCountdown(error: ApiError | null): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    const seconds = error?.retryAfterSeconds;
    if (!seconds) {
      setLeft(0);
      return;
    }
    const until = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [error]);
  return left;
}

/** Form values as strings (a FormData entry is a string for every input we render). */
export function formValues<Name extends string>(form: FormData, ...names: Name[]) {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? "")])) as Record<
    Name,
    string
  >;
}
