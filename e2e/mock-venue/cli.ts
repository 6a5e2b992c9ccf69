/**
 * Runs the mock venue by itself, e.g. for an offline demo of live mode:
 *
 *     ./node_modules/.bin/tsx e2e/mock-venue/cli.ts --port 3197
 *     MARGINLAB_MARKET_UPSTREAM=http://127.0.0.1:3197 npm run app
 */
import { startMockVenue } from "./server";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const mock = await startMockVenue({ port: Number(arg("port") ?? 3197) });
  console.log(`[mock venue] serving Deribit, OKX, Bybit and Derive formats at ${mock.url} (Ctrl-C to stop)`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
