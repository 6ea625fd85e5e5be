#!/usr/bin/env bash
# Installs the pinned Azurite from package-lock.json when it is missing or stale. Idempotent and quiet.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
stamp="$here/node_modules/.offerlab-installed"
if [ -f "$stamp" ] && [ "$stamp" -nt "$here/package-lock.json" ]; then exit 0; fi
command -v npm >/dev/null || { echo "azurite/install.sh: npm is needed (Node 20+)" >&2; exit 1; }
exec 9>"$here/.install.lock"
flock 9
if [ -f "$stamp" ] && [ "$stamp" -nt "$here/package-lock.json" ]; then exit 0; fi
echo "Installing Azurite (pinned in azurite/package-lock.json)..." >&2
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
touch "$stamp"
