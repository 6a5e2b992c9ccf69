#!/usr/bin/env bash
# Installs what MarginLab needs on a fresh Debian machine with Node 20:
#   - npm dependencies when node_modules is missing (npm install, not npm ci: see README);
#   - with --browser, Debian's chromium when no browser is found (CHROMIUM_PATH or /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ ! -x node_modules/.bin/next ]; then
  echo "[marginlab] installing npm dependencies (npm install)…"
  npm install --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ]; then
  browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$browser" ]; then
    echo "[marginlab] no browser at $browser: installing Debian's chromium…"
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  fi
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    echo "[marginlab] chromium is still missing; set CHROMIUM_PATH to a Chromium binary" >&2
    exit 1
  fi
fi
