// Publishes the `rules` CLI (which serves `rules lsp`) into server/, framework-dependent and
// platform-neutral: the extension runs `dotnet server/rules.dll lsp`.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const project = path.join(root, '..', 'src', 'BackPainRules.Cli');
const out = path.join(root, 'server');

fs.rmSync(out, { recursive: true, force: true });
execFileSync('dotnet', [
  'publish', project,
  '-c', 'Release',
  '-o', out,
  '--nologo',
  '-p:UseAppHost=false',
  '-p:DebugType=None',
  '-p:DebugSymbols=false',
  '-p:GenerateDocumentationFile=false',
  '-p:SatelliteResourceLanguages=en',
], { stdio: 'inherit' });

const dll = path.join(out, 'rules.dll');
if (!fs.existsSync(dll)) {
  console.error(`dotnet publish did not produce ${dll}`);
  process.exit(1);
}
console.log(`server bundled: ${path.relative(root, dll)}`);
