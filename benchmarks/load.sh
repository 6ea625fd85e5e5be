#!/usr/bin/env bash
# Load benchmark of the hot path (POST /v1/assign, POST /v1/outcomes) against the real server in Release.
#   benchmarks/load.sh [--duration S] [--connections C] [--warmup S] [--threads T] [--pool N]
#                      [--memory-customers N] [--idle-release S] [--held S] [--generator auto|wrk|http] [--phases all|held] [--no-build]
# Starts its own Azurite and server; prints requests/s, p50/p99 and ratios to a bare endpoint, then memory.
set -euo pipefail
cd "$(dirname "$0")/.."

command_line="benchmarks/load.sh $*"
build=1
args=()
for arg in "$@"; do
  if [[ "$arg" == "--no-build" ]]; then build=0; else args+=("$arg"); fi
done

# wrk generates the load; without it (and without root to install it) the C# generator stands in.
if ! command -v wrk >/dev/null 2>&1; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2 || echo "wrk could not be installed; using the HttpClient generator" >&2
  else
    echo "wrk is not installed; using the HttpClient generator" >&2
  fi
fi

if [[ "$build" == "1" ]]; then
  dotnet build src/OfferLab.Server/OfferLab.Server.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
  dotnet build benchmarks/OfferLab.Benchmarks.Load/OfferLab.Benchmarks.Load.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
fi

export OFFERLAB_LOAD_COMMAND="$command_line"
exec dotnet benchmarks/OfferLab.Benchmarks.Load/bin/Release/net10.0/OfferLab.Benchmarks.Load.dll "${args[@]}"
