#!/usr/bin/env bash
# OfferLab's run command: starts Azurite (data kept in .azurite-data/) and the server on
# http://127.0.0.1:5080 in the Development environment, loads experiments/, prints the URLs and local keys, and stops
# both on Ctrl+C (or SIGTERM). Ports: OFFERLAB_PORT (5080), AZURITE_TABLE_PORT (10002), AZURITE_BLOB_PORT
# (10000); Azurite's data folder: AZURITE_LOCATION (.azurite-data/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

port="${OFFERLAB_PORT:-5080}"
table_port="${AZURITE_TABLE_PORT:-10002}"
blob_port="${AZURITE_BLOB_PORT:-10000}"
location="${AZURITE_LOCATION:-$PWD/.azurite-data}"
log="$location.log"

azurite/install.sh
dotnet build src/OfferLab.Server -c Release -nologo -v quiet -clp:NoSummary

mkdir -p "$location"
azurite/start.sh --table-port "$table_port" --blob-port "$blob_port" --location "$location" --watch-pid $$ > "$log" 2>&1 &
azurite_pid=$!
server_pid=""
stop() {
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  kill -TERM "$azurite_pid" 2>/dev/null && wait "$azurite_pid" 2>/dev/null
  return 0
}
trap stop EXIT
trap 'exit 130' INT TERM
for _ in $(seq 1 100); do
  grep -q "Table service is successfully listening" "$log" 2>/dev/null && break
  kill -0 "$azurite_pid" 2>/dev/null || { cat "$log" >&2; echo "Azurite did not start (is port $table_port taken?)" >&2; exit 1; }
  sleep 0.2
done

cat <<EOT

OfferLab is starting on http://127.0.0.1:$port
  health        http://127.0.0.1:$port/health/ready
  API page      http://127.0.0.1:$port/scalar
  OpenAPI       http://127.0.0.1:$port/openapi/v1.json
  Azurite       table http://127.0.0.1:$table_port, blob http://127.0.0.1:$blob_port (data in $location)
Local development keys (Authorization: Bearer <key>), from src/OfferLab.Server/appsettings.Development.json:
  storefront    dev-storefront-key-0000000000000
  editor        dev-editor-key-000000000000000000
  analyst       dev-analyst-key-00000000000000000
  admin         dev-admin-key-0000000000000000000
Ctrl+C stops the server and Azurite.

EOT

export ASPNETCORE_ENVIRONMENT=Development
export OfferLab__Experiments__Path="$PWD/experiments"
export OfferLab__Storage__ConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
dotnet src/OfferLab.Server/bin/Release/net10.0/OfferLab.Server.dll --urls "http://127.0.0.1:$port" &
server_pid=$!
wait "$server_pid"
