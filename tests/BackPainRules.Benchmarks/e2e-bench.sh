#!/usr/bin/env bash
# Issue #18: `rules eval --format json` end to end beside the hand-written peer (tests/BackPainRules.EndToEndPeer),
# both timed as whole processes on the same NDJSON file of STarT Back profiles (examples/startback/startback.rules).
#
#   tests/BackPainRules.Benchmarks/e2e-bench.sh [SIZES...]      (default: 200000 1000000)
#
# For each size it writes a fully known batch (and, for deliverable 5, a batch with a third of the facts missing),
# checks that the peer's output is byte for byte `rules eval`'s (cmp) before timing anything, then runs the two
# programs alternately, 3 times each (peer, rules, rules, peer, peer, rules), under /usr/bin/time -v, and prints
# the median wall time, user+sys CPU and max RSS of each, and the ratios rules / peer. The load average is printed
# at the start and the end. Output goes to /dev/null while timing. Work files: $E2E_DIR (default /tmp/e2e18).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${E2E_DIR:-/tmp/e2e18}
mkdir -p "$dir"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(200000 1000000)
rules_set=examples/startback/startback.rules

# Both as they are deployed: published for this platform, which makes `rules` ReadyToRun (its project says so for
# every platform-specific publish); the peer is published the same way, so the two start alike.
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
dotnet publish -c Release -r "$rid" --self-contained false src/BackPainRules.Cli -o "$dir/rules-bin" -v q -nologo >/dev/null
dotnet publish -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true tests/BackPainRules.EndToEndPeer -o "$dir/peer-bin" -v q -nologo >/dev/null
# RULES_DLL and PEER_DLL time other builds of the two, e.g. the plain `dotnet build -c Release` ones
# (src/BackPainRules.Cli/bin/Release/net10.0/rules.dll, tests/BackPainRules.EndToEndPeer/bin/Release/net10.0/startback-peer.dll).
rules=(dotnet "${RULES_DLL:-$dir/rules-bin/rules.dll}" eval --format json --rules "$rules_set")
peer=(dotnet "${PEER_DLL:-$dir/peer-bin/startback-peer.dll}")
echo "# rules: ${rules[1]}  peer: ${peer[1]}"

echo "# $(date -u)  load average: $(cut -d' ' -f1-3 /proc/loadavg)  commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"

# time_one NAME FILE CMD...: appends "wall cpu rss_kb" to $dir/NAME.times
time_one() {
  local name=$1 file=$2; shift 2
  /usr/bin/time -v -o "$dir/time.txt" "$@" "$file" >/dev/null
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%.2f %.2f %d\n", w, u + s, m }' "$dir/time.txt" >> "$dir/$name.times"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

report() {
  local label=$1 count=$2 r=$dir/rules.times p=$dir/peer.times
  local rw rc rm pw pc pm
  rw=$(cut -d' ' -f1 "$r" | median); rc=$(cut -d' ' -f2 "$r" | median); rm=$(cut -d' ' -f3 "$r" | median)
  if [ -s "$p" ]; then
    pw=$(cut -d' ' -f1 "$p" | median); pc=$(cut -d' ' -f2 "$p" | median); pm=$(cut -d' ' -f3 "$p" | median)
    printf "| %s | %'d | peer | %.2f s | %.2f s | %.2f µs | %.0f MiB | |\n" "$label" "$count" "$pw" "$pc" "$(echo "$pc * 1000000 / $count" | bc -l)" "$(echo "$pm / 1024" | bc -l)"
  fi
  printf "| %s | %'d | rules eval | %.2f s | %.2f s | %.2f µs | %.0f MiB |" "$label" "$count" "$rw" "$rc" "$(echo "$rc * 1000000 / $count" | bc -l)" "$(echo "$rm / 1024" | bc -l)"
  if [ -s "$p" ]; then
    printf " wall %.2f×, CPU %.2f× |\n" "$(echo "$rw / $pw" | bc -l)" "$(echo "$rc / $pc" | bc -l)"
  else
    printf " |\n"
  fi
  echo "  runs (wall cpu rss_kb): rules: $(paste -sd';' "$r")${pw:+  peer: $(paste -sd';' "$p")}"
}

echo "| batch | profiles | program | wall (median of 3) | user+sys CPU | CPU per profile | max RSS | rules eval ÷ peer |"
echo "|---|---:|---|---:|---:|---:|---:|---|"
for n in "${sizes[@]}"; do
  known=$dir/known-$n.ndjson third=$dir/third-$n.ndjson
  [ -s "$known" ] || python3 tests/BackPainRules.Benchmarks/make-startback-ndjson.py "$known" "$n" >/dev/null
  [ -s "$third" ] || python3 tests/BackPainRules.Benchmarks/make-startback-ndjson.py "$third" "$n" --missing-third >/dev/null

  # Same bytes first, or nothing is timed.
  "${rules[@]}" "$known" > "$dir/rules.out"
  "${peer[@]}" "$known" > "$dir/peer.out"
  cmp "$dir/rules.out" "$dir/peer.out"
  rm -f "$dir/rules.out" "$dir/peer.out"

  rm -f "$dir/rules.times" "$dir/peer.times"
  for order in peer rules rules peer peer rules; do
    if [ $order = peer ]; then time_one peer "$known" "${peer[@]}"; else time_one rules "$known" "${rules[@]}"; fi
  done
  report "fully known" "$n"

  # A third of the facts missing: the peer handles fully known profiles only, so rules eval alone, 3 runs.
  rm -f "$dir/rules.times" "$dir/peer.times"
  for _ in 1 2 3; do time_one rules "$third" "${rules[@]}"; done
  report "a third missing" "$n"
done
echo "# end $(date -u)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
