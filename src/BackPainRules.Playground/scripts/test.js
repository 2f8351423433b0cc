// `npm test`: compiles the tests and runs them with node:test, writing JUnit XML into $TEST_RESULTS_DIR
// (default ./test-results) as playground.xml, which ../../test.sh counts. The unit tests run in Node;
// the browser tests (test/browser, Playwright with the system Chromium) start the real `rules serve`
// and run when PLAYGROUND_BROWSER_TESTS=1 (./test.sh sets it).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const results = path.resolve(process.env.TEST_RESULTS_DIR || path.join(root, 'test-results'));
fs.mkdirSync(results, { recursive: true });

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root], { stdio: 'inherit', cwd: root });
if (tsc.status !== 0) process.exit(1);

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}
const files = testFiles(path.join(root, 'out', 'test', 'unit'));
if (process.env.PLAYGROUND_BROWSER_TESTS === '1') files.push(...testFiles(path.join(root, 'out', 'test', 'browser')));
const run = spawnSync(process.execPath, [
  '--test', '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=junit', `--test-reporter-destination=${path.join(results, 'playground.xml')}`,
  ...files.sort(),
], { stdio: 'inherit', cwd: root });
process.exit(run.status === 0 ? 0 : 1);
