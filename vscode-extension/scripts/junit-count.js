#!/usr/bin/env node
// Prints "PASSED FAILED" for JUnit/xUnit XML files (node:test's junit reporter, vscode-tmgrammar-test's
// --xunit-report): a <testcase> with a <failure> or <error> failed, one with <skipped> is not
// counted, every other one passed. ../test.sh adds these to the .NET counts. Each failed test is named on
// stderr ("failed: FILE: NAME"), so the end of a CI log says which one failed.
const fs = require('fs');
const path = require('path');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const xml = fs.readFileSync(file, 'utf8');
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[2] ?? '';
    if (/<(failure|error)\b/.test(body)) {
      failed++;
      const name = /\bname="([^"]*)"/.exec(match[1])?.[1] ?? '(unnamed)';
      console.error(`failed: ${path.basename(file)}: ${name}`);
    } else if (!/<skipped\b/.test(body)) passed++;
  }
}
console.log(`${passed} ${failed}`);
