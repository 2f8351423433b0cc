#!/usr/bin/env bash
# Load test of `rules serve` on loopback, bounded in time:
#   1. one-profile requests (POST /v1/evaluate, application/json) with wrk: requests/s and p99 latency;
#   2. an NDJSON batch through the server against `rules eval --format json` on the same profiles: profiles/s,
#      and the two outputs must be byte-identical.
# Usage: tests/load/serve-load.sh [SECONDS] [BATCH_PROFILES]   (defaults 5 and 100000)
# Needs wrk (Debian package wrk) and curl; uses the built rules.dll (RULES_DLL, default the Debug build).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-5}"
batch_size="${2:-100000}"
rules_dll="${RULES_DLL:-src/BackPainRules.Cli/bin/Debug/net10.0/rules.dll}"
profile="examples/profiles/overstrider-tight-quads.json"
threads="${WRK_THREADS:-2}"
connections="${WRK_CONNECTIONS:-8}"

for tool in wrk curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "serve-load: $tool is not installed" >&2; exit 1; }
done
[ -f "$rules_dll" ] || { echo "serve-load: $rules_dll is not built (dotnet build BackPainRules.sln)" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# A port nobody listens on: the kernel picks one for a moment's socket.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))"
url="http://127.0.0.1:$port"
dotnet "$rules_dll" serve --urls "$url" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fs "$url/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "serve-load: the server exited" >&2; exit 1; }
  sleep 0.1
done
curl -fs "$url/healthz" >/dev/null || { echo "serve-load: the server did not start" >&2; exit 1; }

echo "== one profile a request: wrk -t$threads -c$connections -d${seconds}s, POST $profile"
# A short warm-up, so the JIT has compiled the hot paths before the measured run.
PROFILE="$profile" wrk -t1 -c2 -d1s -s tests/load/post-profile.lua "$url/v1/evaluate" >/dev/null
PROFILE="$profile" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s tests/load/post-profile.lua "$url/v1/evaluate" | tee "$work/wrk.txt"
if grep -q "Non-2xx or 3xx responses" "$work/wrk.txt"; then
  echo "serve-load: some requests were not answered 200" >&2
  exit 1
fi
rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.txt")"
p99="$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")"

echo "== NDJSON: $batch_size profiles through POST /v1/evaluate and through rules eval"
batch="$work/batch.ndjson"
lines=()
while IFS= read -r line; do [ -n "$line" ] && lines+=("$line"); done < examples/profiles/club-batch.ndjson
{
  for ((i = 0; i < batch_size; i++)); do printf '%s\n' "${lines[i % ${#lines[@]}]}"; done
} > "$batch"

start=$(date +%s.%N)
curl -fsS --data-binary @"$batch" -H 'Content-Type: application/x-ndjson' "$url/v1/evaluate?name=$batch" -o "$work/served.ndjson"
served_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
start=$(date +%s.%N)
dotnet "$rules_dll" eval --format json "$batch" > "$work/cli.ndjson"
cli_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')

if ! cmp -s "$work/served.ndjson" "$work/cli.ndjson"; then
  echo "serve-load: the server's NDJSON answer differs from rules eval's" >&2
  exit 1
fi
served_rate=$(awk -v n="$batch_size" -v t="$served_seconds" 'BEGIN { printf "%d", n / t }')
cli_rate=$(awk -v n="$batch_size" -v t="$cli_seconds" 'BEGIN { printf "%d", n / t }')

echo
echo "serve-load: $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "serve-load: one profile a request: $rps requests/s, p99 $p99 (wrk -t$threads -c$connections -d${seconds}s)"
echo "serve-load: NDJSON $batch_size profiles: server ${served_seconds}s ($served_rate profiles/s), rules eval ${cli_seconds}s ($cli_rate profiles/s) (rules eval includes its start-up), outputs identical"
