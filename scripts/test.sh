#!/usr/bin/env bash
# npm test: the one gate. Typecheck, lint, unit + property tests, then e2e against a production build.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-deps.sh --browser

echo "== typecheck"
./node_modules/.bin/tsc --noEmit
echo "== lint"
./node_modules/.bin/eslint . --max-warnings=0
echo "== format" && ./node_modules/.bin/prettier --check .
echo "== unit and property tests"
./node_modules/.bin/vitest run
echo "== production build"
./node_modules/.bin/next build
echo "== e2e (Playwright, headless Chromium)"
./node_modules/.bin/playwright test
