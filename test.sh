#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed",
# computed from the test runners' own result files (TRX), not counted by hand.
set -uo pipefail
cd "$(dirname "$0")"

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"
status=0

echo "== .NET tests"
dotnet test BackPainRules.sln --nologo \
  --logger "trx;LogFileName=dotnet.trx" --results-directory "$results" || status=1

# Sum the counters of every TRX file the runners wrote.
passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
