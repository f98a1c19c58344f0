#!/usr/bin/env bash
# The README's test command: installs what the tests need on a fresh Debian machine (Node 20 present),
# then type-checks, lints, builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  # Browser tests drive Debian's Chromium (downloading browsers is not possible here).
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  # PostgreSQL tests start a throwaway cluster themselves (initdb + pg_ctl); they need Debian's server programs.
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
npm ci
npm test
