import { connection } from "next/server";
import { Providers } from "@/components/providers";
import { Dashboard } from "@/components/dashboard/dashboard";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export default async function Home() {
  // Rendered per request, so the CSP nonce set by proxy.ts reaches Next's inline scripts.
  await connection();
  return (
    <div className="mx-auto max-w-[1600px] p-2 sm:p-4">
      <header className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <span className="text-2xl font-bold text-sky-400">MarginLab</span>
          <span className="ml-3 text-sm text-slate-400">Margin analytics for crypto derivatives — computed in your browser; no position leaves your machine.</span>
        </div>
        <ThemeToggle />
      </header>
      <Providers>
        <Dashboard />
      </Providers>
    </div>
  );
}
