import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "ghost" | "danger";

const styles: Record<Variant, string> = {
  primary: "bg-sky-600 hover:bg-sky-500 text-white",
  ghost: "bg-slate-800 hover:bg-slate-700 text-slate-100",
  danger: "bg-rose-700 hover:bg-rose-600 text-white",
};

export function Button({ variant = "ghost", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type="button" {...props} className={`rounded px-2.5 py-1 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${styles[variant]} ${className}`} />;
}
