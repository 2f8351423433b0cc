// `npm test`: builds, then runs the grammar tests (vscode-tmgrammar-test) and the Node tests (unit
// and end-to-end, node:test). Both write JUnit/xUnit XML into $TEST_RESULTS_DIR (default
// ./TestResults), which ../test.sh reads to count passed and failed tests.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const repo = path.join(root, '..');
const results = path.resolve(process.env.TEST_RESULTS_DIR || path.join(root, 'TestResults'));
fs.mkdirSync(results, { recursive: true });
for (const file of fs.readdirSync(results)) {
  if (/^TEST-grammar\..*\.xml$/.test(file) || file === 'vscode-extension.xml') fs.rmSync(path.join(results, file));
}

function run(title, command, args, options = {}) {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) console.error(result.error.message);
  return result.status === 0;
}

let ok = true;
if (!run('build', process.execPath, [path.join(__dirname, 'build.js'), '--dev'])) process.exit(1);
if (!run('compile tests', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root])) process.exit(1);

ok = run('grammar tests (vscode-tmgrammar-test)', process.execPath, [
  path.join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js'),
  '-g', 'grammar/rules.tmLanguage.json',
  'grammar/tests/*.rules',
  '--xunit-report', results,
], { cwd: repo }) && ok;

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}
const files = testFiles(path.join(root, 'out', 'test')).sort();
ok = run('unit and end-to-end tests (node:test)', process.execPath, [
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=junit', `--test-reporter-destination=${path.join(results, 'vscode-extension.xml')}`,
  ...files,
]) && ok;

process.exit(ok ? 0 : 1);
