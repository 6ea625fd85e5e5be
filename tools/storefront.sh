#!/usr/bin/env bash
# Plays a storefront against a running OfferLab server (start one with ./run.sh first):
#   tools/storefront.sh [--server URL] [--duration SECONDS] [--concurrency N] [--seed S]
#                       [--storefront-key K] [--editor-key K] [--analyst-key K]
# Declares the demo experiment demo-burger-sides (one-minute periods, one clearly weak offer), then shoppers assign
# sessions and report accepts, declines and core purchases drawn from known true rates. Every 10 s it prints the
# arms' states; once an offer is retired it plays 15 s more and stops. Defaults fit ./run.sh's development keys.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tools/OfferLab.Storefront -c Release -nologo -v quiet -clp:NoSummary >&2
exec dotnet tools/OfferLab.Storefront/bin/Release/net10.0/OfferLab.Storefront.dll "$@"
