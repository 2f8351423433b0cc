// `npm run test:code-server`: the end-to-end tests in real VS Code (code-server in Debian's Chromium,
// driven by playwright-core). Needs the built .vsix (`npm run package`). Fills the cache of Node 24
// and code-server first (scripts/code-server-setup.sh), compiles the tests, and runs
// out/test/codeServer/*.spec.js with node:test, writing JUnit XML to
// $TEST_RESULTS_DIR/vscode-code-server.xml (which ../test.sh counts) and screenshots of failures and
// the sessions' logs to $TEST_RESULTS_DIR/code-server/.
// A setup that fails is written as a failed test case, so that a run without code-server or
// Chromium can never count as passed.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const results = path.resolve(process.env.TEST_RESULTS_DIR || path.join(root, 'TestResults'));
const junit = path.join(results, 'vscode-code-server.xml');
fs.mkdirSync(results, { recursive: true });
fs.rmSync(junit, { force: true });
fs.rmSync(path.join(results, 'code-server'), { recursive: true, force: true });

function escapeXml(text) {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
}

/** Writes one failed test case, for a run that could not start, and exits 1. */
function failSetup(message) {
  console.error(message);
  fs.writeFileSync(junit, `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testsuite name="real VS Code (code-server)" tests="1" failures="1">
    <testcase name="the real-VS-Code tests can start" classname="code-server">
      <failure message="${escapeXml(message.split('\n')[0])}">${escapeXml(message)}</failure>
    </testcase>
  </testsuite>
</testsuites>
`);
  process.exit(1);
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
if (!fs.existsSync(vsix)) failSetup(`${path.relative(root, vsix)} is missing: run npm run package first`);

console.log('\n== code-server and Chromium (scripts/code-server-setup.sh)');
const setup = spawnSync('bash', [path.join(__dirname, 'code-server-setup.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (setup.status !== 0) failSetup(`scripts/code-server-setup.sh failed (exit ${setup.status}): see its message above`);
const env = { ...process.env, BPR_VSIX: vsix, TEST_RESULTS_DIR: results };
for (const line of setup.stdout.split('\n')) {
  const match = /^(BPR_[A-Z_]+)=(.*)$/.exec(line.trim());
  if (match) env[match[1]] = match[2];
}
for (const name of ['BPR_CODE_SERVER_NODE', 'BPR_CODE_SERVER_ENTRY', 'BPR_CHROMIUM']) {
  if (!env[name]) failSetup(`scripts/code-server-setup.sh did not say ${name}`);
}

console.log('\n== compile tests');
fs.rmSync(path.join(root, 'out', 'test', 'codeServer'), { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'test', 'codeServer')], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) failSetup('the tests do not compile (tsc)');

const dir = path.join(root, 'out', 'test', 'codeServer');
const only = process.argv.slice(2);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.spec.js') && (only.length === 0 || only.some((o) => f.includes(o)))).sort().map((f) => path.join(dir, f));
if (files.length === 0) failSetup(`no *.spec.js in ${dir}`);

console.log('\n== real VS Code (code-server), node:test');
const run = spawnSync(process.execPath, [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=junit', `--test-reporter-destination=${junit}`,
  ...files,
], { cwd: root, stdio: 'inherit', env, timeout: 15 * 60_000 });
if (run.error) console.error(run.error.message);
if (!fs.existsSync(junit)) failSetup(`node --test wrote no ${path.basename(junit)} (exit ${run.status}, ${run.signal ?? 'no signal'})`);
process.exit(run.status === 0 ? 0 : 1);
