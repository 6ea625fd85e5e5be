#!/usr/bin/env bash
# Starts the pinned Azurite on 127.0.0.1, installing it first when it is missing.
#
#   azurite/start.sh [--table-port N] [--blob-port N] [--location DIR] [--in-memory] [--watch-pid PID]
#
# Ports default to Azurite's own (table 10002, blob 10000) or AZURITE_TABLE_PORT / AZURITE_BLOB_PORT.
# Data goes to DIR (default: .azurite-data/ at the repository root, which git ignores).
# With --watch-pid, Azurite is stopped as soon as that process is gone, so a test host that dies
# hard leaves nothing behind. SIGINT/SIGTERM stop Azurite cleanly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
table_port="${AZURITE_TABLE_PORT:-10002}"
blob_port="${AZURITE_BLOB_PORT:-10000}"
location="$root/.azurite-data"
in_memory=""
watch_pid=""

while [ $# -gt 0 ]; do
  case "$1" in
    --table-port) table_port="$2"; shift 2 ;;
    --blob-port) blob_port="$2"; shift 2 ;;
    --location) location="$2"; shift 2 ;;
    --in-memory) in_memory="--inMemoryPersistence"; shift ;;
    --watch-pid) watch_pid="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "azurite/start.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

"$here/install.sh"
if [ -n "$in_memory" ]; then
  storage=("$in_memory")
else
  mkdir -p "$location"
  storage=(--location "$location")
fi

# Azurite dies with this script even when the script is killed outright (SIGKILL runs no trap and ends the
# --watch-pid loop below): the kernel sends it SIGKILL when its parent goes.
launch=()
if command -v setpriv >/dev/null 2>&1; then
  launch=(setpriv --pdeathsig KILL)
fi

"${launch[@]}" node "$here/node_modules/azurite/dist/src/azurite.js" \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort 0 \
  --tableHost 127.0.0.1 --tablePort "$table_port" \
  "${storage[@]}" \
  --skipApiVersionCheck --disableTelemetry --silent &
azurite_pid=$!

stop() { kill -TERM "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true; }
trap 'stop; exit 0' INT TERM
trap stop EXIT

if [ -n "$watch_pid" ]; then
  while kill -0 "$watch_pid" 2>/dev/null && kill -0 "$azurite_pid" 2>/dev/null; do sleep 1; done
else
  wait "$azurite_pid"
fi
