#!/usr/bin/env node
// The largest source files and functions of the packages (issue 11 records them before and after
// each reshaping): `node scripts/size-report.mjs [root] [count]`. Sources only: `*/src/**/*.ts`,
// without generated files, build outputs and tests. A function is a declaration, a method, or a
// function/arrow expression given a name (variable, property); its size is its lines, first to last.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = process.argv[2] ?? process.cwd();
const count = Number(process.argv[3] ?? 10);
const PACKAGES = [
  'domain',
  'db',
  'engine',
  'engine-client',
  'engine-workers',
  'portal',
  'processes',
  'forms',
  'emulators',
];

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'generated' && name !== 'node_modules') yield* sources(path);
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) yield path;
  }
}

const files = [];
const functions = [];
for (const pkg of PACKAGES) {
  const src = join(root, pkg, 'src');
  try {
    statSync(src);
  } catch {
    continue;
  }
  for (const path of sources(src)) {
    const text = readFileSync(path, 'utf8');
    const file = relative(root, path);
    files.push({ file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) });
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
    const visit = (node) => {
      let name = null;
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && node.body)
        name = node.name.getText(sf);
      else if (
        (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
        (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent))
      )
        name = node.parent.name.getText(sf);
      if (name !== null)
        functions.push({
          name: `${file}:${lineOf(node.getStart(sf)) + 1} ${name}`,
          lines: lineOf(node.getEnd()) - lineOf(node.getStart(sf)) + 1,
        });
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}

const top = (rows) => rows.sort((a, b) => b.lines - a.lines).slice(0, count);
console.log(`Largest files (of ${files.length}):`);
for (const f of top(files)) console.log(`${String(f.lines).padStart(6)}  ${f.file}`);
console.log(`Largest functions (of ${functions.length}):`);
for (const f of top(functions)) console.log(`${String(f.lines).padStart(6)}  ${f.name}`);
console.log(`Files over 800 lines: ${files.filter((f) => f.lines > 800).length}`);
