"use client";

import { type InputHTMLAttributes, type ReactNode, useState } from "react";
import { Field } from "./field";
import { EyeIcon, EyeOffIcon } from "./icons";

type PasswordFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
};

/** A password input with a show/hide toggle that keeps the field's label and errors. */
export function PasswordField(props: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <Field
      {...props}
      renderInput={(input) => (
        <div className="relative">
          <input
            {...input}
            type={visible ? "text" : "password"}
            className={`${input.className} pr-11`}
          />
          <button
            type="button"
            onClick={() => setVisible((shown) => !shown)}
            aria-pressed={visible}
            aria-controls={input.id}
            className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-lg text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-100"
          >
            <span className="sr-only">{visible ? "Hide password" : "Show password"}</span>
            {visible ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        </div>
      )}
    />
  );
}
