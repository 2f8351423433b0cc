// The TextMate grammar's single source is grammar/rules.tmLanguage.json at the repository root;
// the extension packages a copy in syntaxes/ (made here, never edited, not committed).
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', '..', 'grammar', 'rules.tmLanguage.json');
const target = path.join(__dirname, '..', 'syntaxes', 'rules.tmLanguage.json');
JSON.parse(fs.readFileSync(source, 'utf8')); // fail early on a broken grammar
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
console.log(`copied ${path.relative(process.cwd(), source)} -> ${path.relative(process.cwd(), target)}`);
