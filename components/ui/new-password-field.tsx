"use client";

import { type ComponentProps, useEffect, useRef, useState } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/fields/field-limits";
import { passwordRuleProblem, passwordStrength } from "@/lib/auth/fields/password-rules";
import { PasswordField } from "./password-field";

const BAR_TONES = ["bg-red-600", "bg-amber-500", "bg-emerald-600", "bg-emerald-600"];

/**
 * A password being chosen (sign-up, reset, change): the same rules as the server
 * (lib/auth/fields/password-rules.ts), said as the user types, with a light strength estimate.
 * The server also refuses common and (optionally) breached passwords, which a page cannot know.
 */
export function NewPasswordField({
  note,
  error,
  ...props
}: Omit<ComponentProps<typeof PasswordField>, "hint" | "minLength" | "maxLength"> & {
  /** A sentence after the rules, e.g. what choosing it does. */
  note?: string;
}) {
  const [value, setValue] = useState("");
  // The server's refusal is about what was sent: once the user types again, the live hint returns.
  const [typedSinceError, setTypedSinceError] = useState(false);
  useEffect(() => {
    if (error) setTypedSinceError(false);
  }, [error]);
  // A form reset (after a saved change) empties the field without an input event.
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const form = wrapper.current?.closest("form");
    const cleared = () => setValue("");
    form?.addEventListener("reset", cleared);
    return () => form?.removeEventListener("reset", cleared);
  }, []);
  const problem = value ? passwordRuleProblem(value) : null;
  const strength = passwordStrength(value);
  return (
    <div ref={wrapper}>
      <PasswordField
        {...props}
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        error={typedSinceError ? undefined : error}
        onInput={(event) => {
          setValue(event.currentTarget.value);
          setTypedSinceError(true);
        }}
        hint={
          <>
            <span className="block">
              At least {PASSWORD_MIN_LENGTH} characters; a few unrelated words are strong and easy
              to remember.{note ? ` ${note}` : ""}
            </span>
            {value && (
              <span className="mt-1.5 flex items-center gap-2" aria-live="polite">
                <span className="flex gap-1" aria-hidden="true">
                  {[1, 2, 3].map((bar) => (
                    <span
                      key={bar}
                      className={`h-1.5 w-8 rounded-full ${
                        strength.score >= bar
                          ? BAR_TONES[strength.score]
                          : "bg-slate-200 dark:bg-slate-700"
                      }`}
                    />
                  ))}
                </span>
                <span className="font-medium text-slate-700 dark:text-slate-200">
                  {problem ?? `Strength: ${strength.label}`}
                </span>
              </span>
            )}
          </>
        }
      />
    </div>
  );
}
