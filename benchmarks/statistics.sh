#!/usr/bin/env bash
# Statistical benchmark (issue 6): retirement error rates, regret, always-valid lift under peeking, SRM, speed.
#   benchmarks/statistics.sh [--only 1,2,...] [--seed S] [--thompson-runs R] [--no-build]
# Prints, per scenario, the figure, the target, PASS/MISS and the exact command that produced it. Scenarios 1-3 and 6
# run the built `offerlab simulate --json` (the same command as ./offerlab); 4 and 5 run Core simulations in-process.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
args=()
for arg in "$@"; do
  if [[ "$arg" == "--no-build" ]]; then build=0; else args+=("$arg"); fi
done

if [[ "$build" == "1" ]]; then
  dotnet build src/OfferLab.Cli/OfferLab.Cli.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
  dotnet build benchmarks/OfferLab.Benchmarks.Statistics/OfferLab.Benchmarks.Statistics.csproj -c Release -nologo -v quiet -clp:NoSummary >&2
fi

exec dotnet benchmarks/OfferLab.Benchmarks.Statistics/bin/Release/net10.0/OfferLab.Benchmarks.Statistics.dll "${args[@]}"
