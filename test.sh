#!/usr/bin/env bash
# OfferLab's test command: installs what the tests need (Azurite from npm; the tests start it on free
# ports themselves), builds the solution and runs every test project. Needs only the .NET SDK, Node and npm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

azurite/install.sh

dotnet build OfferLab.sln -c Release -nologo -clp:NoSummary -warnaserror

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test OfferLab.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line over all test projects, in the plain form CI reads.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { v = $(i + 1); gsub(/,/, "", v);
         if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
