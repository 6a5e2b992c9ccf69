#!/usr/bin/env bash
# Runs `npm test` N times in a row (default 5) while a CPU hog spins on every core, to show the
# suite does not depend on the machine being idle (issue 9: "a suite that is never flaky").
#
#   bash scripts/test-under-load.sh [runs] [hogs]
#
# The hogs are plain `node -e "for(;;){}"` processes started here and always stopped on exit.
# E2E_PORT / E2E_MOCK_VENUE_PORT may be set to keep a second checkout off the default ports.
# Prints one line per run (pass/fail, seconds, load average) and exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${1:-5}"
hogs="${2:-$(nproc)}"
pids=()
stop_hogs() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_hogs EXIT INT TERM

for _ in $(seq 1 "$hogs"); do
  node -e "for(;;){}" &
  pids+=("$!")
done
echo "[load] started $hogs CPU hogs: ${pids[*]}"

failed=0
summary=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  log="/tmp/marginlab-under-load-$i.log"
  if npm test >"$log" 2>&1; then status="pass"; else status="FAIL"; failed=$((failed + 1)); fi
  secs=$(($(date +%s) - start))
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  line="run $i/$runs: $status in ${secs}s (load $load; log $log)"
  summary+=("$line")
  echo "[load] $line"
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E "^ +Tests +[0-9]+|^ +[0-9]+ (passed|failed) \(" | sed 's/^ */[load]   /'
done

stop_hogs
echo "[load] summary: $((runs - failed))/$runs runs passed under $hogs CPU hogs"
printf '%s\n' "${summary[@]}"
[ "$failed" -eq 0 ]
