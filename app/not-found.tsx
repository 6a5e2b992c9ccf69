import Link from "next/link";
import { connection } from "next/server";

/** 404, rendered per request so its scripts carry the CSP nonce like every other page. */
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto max-w-xl p-8 text-slate-200">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-400">
        MarginLab has one page.{" "}
        <Link href="/" className="text-sky-400 underline">
          Open the dashboard
        </Link>
        .
      </p>
    </main>
  );
}
