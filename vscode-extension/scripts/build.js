// Builds what the extension runs: the grammar copy, dist/extension.js (one esbuild bundle with
// vscode-languageclient inside; `vscode` is provided by the editor) and the Mermaid library for the
// rule graph page. Type errors fail the build.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const production = !process.argv.includes('--dev');

require('./copy-grammar');

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root, '--noEmit'], { stdio: 'inherit' });

esbuild.buildSync({
  entryPoints: [path.join(root, 'src', 'extension.ts')],
  bundle: true,
  outfile: path.join(root, 'dist', 'extension.js'),
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  logLevel: 'info',
});

const media = path.join(root, 'dist', 'media');
fs.mkdirSync(media, { recursive: true });
fs.copyFileSync(require.resolve('mermaid/dist/mermaid.min.js'), path.join(media, 'mermaid.min.js'));
console.log('copied mermaid.min.js -> dist/media/');
