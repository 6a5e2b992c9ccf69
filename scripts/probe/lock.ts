import { spawn } from "node:child_process";

/**
 * Holds `flock <file>` (the machine's e2e lock, /tmp/e2e.lock, shared with `npm test` and the
 * benches) while the build and the browser probes run: a `flock` process started in a group of
 * its own, released by ending that group (its id, never a name).
 */
export async function holdLock(file: string): Promise<() => void> {
  const child = spawn("flock", [file, "-c", "echo locked; exec sleep 86400"], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`flock exited (${code})`)));
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString("utf8").includes("locked")) resolve();
    });
  });
  return () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
}
