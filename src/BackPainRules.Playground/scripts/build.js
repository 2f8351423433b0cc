// `npm run build`: bundles the page (TypeScript, CodeMirror and the LSP client) into dist/ with esbuild,
// and copies the static files and Mermaid beside it. dist/ is what `rules serve` serves at /; nothing
// is loaded from a CDN, so the page works offline.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, 'playground'), { recursive: true });

esbuild.buildSync({
  entryPoints: [path.join(root, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  outfile: path.join(dist, 'playground', 'playground.js'),
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'static', 'index.html'), path.join(dist, 'index.html'));
fs.copyFileSync(path.join(root, 'static', 'playground.css'), path.join(dist, 'playground', 'playground.css'));
fs.copyFileSync(require.resolve('mermaid/dist/mermaid.min.js'), path.join(dist, 'playground', 'mermaid.min.js'));
console.log('playground built into ' + path.relative(process.cwd(), dist));
