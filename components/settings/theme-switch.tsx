"use client";

import { useState } from "react";
import { applyTheme, THEMES, type Theme } from "@/lib/preferences/theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/**
 * Light, dark, or the system's setting: applied at once, kept in a cookie
 * (lib/preferences/theme.ts).
 */
export function ThemeSwitch({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState(initial);
  return (
    <fieldset>
      <legend className="sr-only">Theme</legend>
      <div className="inline-flex rounded-lg bg-slate-100 p-1 dark:bg-slate-800">
        {THEMES.map((choice) => (
          <label
            key={choice}
            className="cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 has-checked:bg-white has-checked:text-slate-900 has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-indigo-500 dark:text-slate-300 dark:has-checked:bg-slate-950 dark:has-checked:text-white"
          >
            <input
              type="radio"
              name="theme"
              value={choice}
              checked={theme === choice}
              onChange={() => {
                setTheme(choice);
                applyTheme(choice);
              }}
              className="sr-only"
            />
            {LABELS[choice]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
