#!/usr/bin/env bash
# Fuzzes the parser+checker ("rules") or the profile reader ("profile") with AFL++ through SharpFuzz
# for a bounded time, with a seed corpus from examples/. Exits 1 if AFL++ found a crash; each crash
# input is kept in tests/BackPainRules.Fuzz/findings-TARGET/ and must become a regression test.
#   usage: tests/BackPainRules.Fuzz/fuzz.sh rules|profile [SECONDS]
# Needs: afl-fuzz (Debian package afl++) and the sharpfuzz tool (dotnet tool install -g SharpFuzz.CommandLine).
set -euo pipefail
target="${1:-rules}"
seconds="${2:-30}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/bin/fuzz"
sharpfuzz="$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")"

rm -rf "$out"
dotnet publish "$here/BackPainRules.Fuzz.csproj" -c Release -o "$out" --nologo -v quiet
# Instrument the library (once per build) so AFL++ sees which branches an input reaches.
"$sharpfuzz" "$out/BackPainRules.dll" > /dev/null

corpus="$here/bin/corpus-$target"
rm -rf "$corpus" && mkdir -p "$corpus"
if [ "$target" = profile ]; then
  for f in "$root"/examples/profiles/*.json; do case "$f" in *.expected.json) ;; *) cp "$f" "$corpus/";; esac; done
else
  cp "$root"/examples/*.rules "$corpus/"
  cp "$root"/tests/BackPainRules.Tests/Golden/diagnostics/*.rules "$corpus/"
fi

findings="$here/findings-$target"
rm -rf "$findings"
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1
timeout --preserve-status "$seconds" afl-fuzz -i "$corpus" -o "$findings" -m none -t 10000 -- dotnet "$out/BackPainRules.Fuzz.dll" "$target" > "$here/bin/afl-$target.log" 2>&1 || true

crashes=$(find "$findings" -path '*crashes*' -type f ! -name README.txt 2>/dev/null | wc -l)
execs=$( (grep -h '^execs_done' "$findings"/*/fuzzer_stats 2>/dev/null || true) | awk '{s+=$3} END {print s+0}')
if [ "$execs" -eq 0 ]; then
  echo "fuzz $target: AFL++ did not run; see $here/bin/afl-$target.log" >&2
  exit 1
fi
echo "fuzz $target: $execs inputs in ${seconds}s, $crashes crash(es)"

# A JUnit result for ./test.sh to count, like every other runner's.
if [ -n "${TEST_RESULTS_DIR:-}" ]; then
  failure=""
  [ "$crashes" -eq 0 ] || failure="<failure message=\"$crashes crash(es); inputs in tests/BackPainRules.Fuzz/findings-$target\"/>"
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="fuzz" tests="1"><testcase classname="fuzz" name="%s: %s inputs, no crash">%s</testcase></testsuite></testsuites>\n' \
    "$target" "$execs" "$failure" > "$TEST_RESULTS_DIR/fuzz-$target.xml"
fi
[ "$crashes" -eq 0 ]
