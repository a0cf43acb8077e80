/**
 * The few class lists every form and card shares, so a button looks the same everywhere.
 * Plain strings (no helper library): Tailwind finds them in this file.
 */
/** A text input, select or textarea, without a width (inline controls size themselves). */
export const controlClass =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 shadow-xs transition-colors focus:border-indigo-500 aria-invalid:border-red-500 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-500 dark:aria-invalid:border-red-400";

export const inputClass = `${controlClass} block w-full`;

export const labelClass = "block text-sm font-medium text-slate-700 dark:text-slate-200";

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60";

export const buttonClass = {
  primary: `${buttonBase} bg-indigo-600 text-white shadow-sm hover:bg-indigo-700`,
  secondary: `${buttonBase} border border-slate-300 bg-white text-slate-800 shadow-xs hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`,
  danger: `${buttonBase} bg-red-600 text-white shadow-sm hover:bg-red-700`,
  ghost: `${buttonBase} text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800`,
};

export const cardClass =
  "rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900";

export const linkClass =
  "font-medium text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400";
