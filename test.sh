#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed",
# computed from the test runners' own result files (TRX for .NET, JUnit/xUnit XML for the
# VS Code extension), not counted by hand.
set -uo pipefail
cd "$(dirname "$0")"

results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"
status=0

echo "== Playground page (src/BackPainRules.Playground, bundled before the build copies it beside rules serve)"
if command -v npm >/dev/null 2>&1; then
  if [ ! -d src/BackPainRules.Playground/node_modules ]; then
    (cd src/BackPainRules.Playground && npm ci --no-audit --no-fund) || status=1
  fi
  (cd src/BackPainRules.Playground && npm run build) || status=1
else
  echo "Node.js and npm are required to build the playground page" >&2
  status=1
fi

echo "== Build (warnings are errors in src/; the benchmarks must keep compiling too)"
dotnet build BackPainRules.sln --nologo -v quiet || status=1

echo "== .NET tests"
dotnet test BackPainRules.sln --nologo \
  --logger "trx;LogFileName=dotnet.trx" --results-directory "$results" || status=1

echo "== Load test of rules serve (wrk on loopback, bounded; figures in docs/PERFORMANCE.md)"
if command -v wrk >/dev/null 2>&1; then
  tests/load/serve-load.sh "${LOAD_SECONDS:-3}" "${LOAD_PROFILES:-20000}" || status=1
else
  echo "wrk is not installed: load test skipped (.ci/run installs it)"
fi

echo "== Playground (unit tests in Node; the page in Debian's Chromium against the real rules serve)"
if command -v npm >/dev/null 2>&1; then
  (cd src/BackPainRules.Playground && TEST_RESULTS_DIR="$results" PLAYGROUND_BROWSER_TESTS=1 npm test) || status=1
fi

echo "== VS Code extension (vscode-extension/)"
if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are required for the VS Code extension's tests" >&2
  status=1
else
  if [ ! -d vscode-extension/node_modules ]; then
    (cd vscode-extension && npm ci --no-audit --no-fund) || status=1
  fi
  # The .vsix (with the server published into it) is built first: its contents are tested, and the
  # end-to-end tests talk to the bundled server.
  (cd vscode-extension && npm run package) || status=1
  # Grammar tests (xUnit XML) and node:test unit/end-to-end tests (JUnit XML) write into $results.
  (cd vscode-extension && TEST_RESULTS_DIR="$results" npm test) || status=1
  # The .vsix in real VS Code: code-server driven through Debian's Chromium (JUnit XML, and
  # screenshots of failures under $results/code-server/). Node 24 and code-server come from a cache
  # that scripts/code-server-setup.sh fills (.ci/run installs Chromium and the build tools); without
  # them the run fails and says what is missing, and counts as a failed test, never as skipped.
  (cd vscode-extension && TEST_RESULTS_DIR="$results" npm run test:code-server) || status=1
fi

echo "== Fuzzing (AFL++ through SharpFuzz, bounded)"
if command -v afl-fuzz >/dev/null 2>&1 && { command -v sharpfuzz >/dev/null 2>&1 || [ -x "$HOME/.dotnet/tools/sharpfuzz" ]; }; then
  TEST_RESULTS_DIR="$results" tests/BackPainRules.Fuzz/fuzz.sh rules "${FUZZ_SECONDS:-25}" || status=1
  TEST_RESULTS_DIR="$results" tests/BackPainRules.Fuzz/fuzz.sh profile "${FUZZ_SECONDS:-25}" || status=1
else
  echo "afl-fuzz or sharpfuzz is not installed: fuzzing skipped (.ci/run installs them)"
fi

# Sum the counters of every TRX file the .NET runner wrote.
passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -eq 0 ]; then
  echo "no .NET test results were written" >&2
  status=1
fi
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  # Name each failed test here, at the end, where a CI log that shows only its tail still says which one.
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/failed: .NET: \1/p' >&2
done

# Add the test cases of every JUnit/xUnit file the extension's runners wrote (a test case with a
# <failure> or <error> failed; see vscode-extension/scripts/junit-count.js).
xml_files=("$results"/*.xml)
if [ ${#xml_files[@]} -eq 0 ] || [ ! -f "$results/vscode-extension.xml" ]; then
  echo "no VS Code extension test results were written" >&2
  status=1
fi
if [ ! -f "$results/playground.xml" ]; then
  echo "no playground test results were written" >&2
  status=1
fi
if [ ! -f "$results/vscode-code-server.xml" ]; then
  echo "no real-VS-Code (code-server) test results were written" >&2
  status=1
fi
if [ ${#xml_files[@]} -gt 0 ] && command -v node >/dev/null 2>&1; then
  if counts=$(node vscode-extension/scripts/junit-count.js "${xml_files[@]}"); then
    read -r p f <<<"$counts"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
  else
    status=1
  fi
fi

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
