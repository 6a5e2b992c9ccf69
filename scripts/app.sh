#!/usr/bin/env bash
# npm run app: install if needed, build, and serve http://localhost:3000 (demo workspace, sample data).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-deps.sh
./node_modules/.bin/next build
echo "[marginlab] serving http://localhost:3000"
exec ./node_modules/.bin/next start -p "${PORT:-3000}"
