#!/usr/bin/env node
// Summarises a V8 .cpuprofile (`node --cpu-prof`, e.g. the engine under /work/ab.mjs with
// ENGINE_EXTRA_FLAGS="--cpu-prof --cpu-prof-dir=DIR"): self and inclusive time by part — an npm
// package (typeorm, mysql2, koa…), a file or folder of engine/db/domain's dist, a Node internal —
// and by function. Figures, not a test.
//
//   node bench/cpuprofile-summary.mjs FILE.cpuprofile [TOP=40] [SKIP_SECONDS=0]
//
// SKIP_SECONDS leaves out the profile's first seconds (the process's start-up, module loading).
// The profiler samples the JavaScript thread's wall time: a native call that blocks (an fsync in
// SQLite's COMMIT, a socket write that hands the core to mysqld) counts as busy. Inclusive time
// follows the synchronous stack only: code after an `await` runs from a microtask, so an async
// function's inclusive share misses what it awaited.
import { readFileSync } from 'node:fs';

const [file, topArg = '40', skipArg = '0'] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/cpuprofile-summary.mjs FILE.cpuprofile [TOP] [SKIP_SECONDS]');
const prof = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg);
const skipUs = Number(skipArg) * 1e6;
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** The part a frame belongs to: `npm:<package>`, `engine:<file>`, `node:<internal>`, or V8's own. */
const partOf = (frame) => {
  const url = frame.url || '';
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const packages = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  if (packages) return 'npm:' + packages[packages.length - 1].replace('node_modules/', '');
  const own = url.match(/\/(engine|db|domain|forms)\/dist\/(.*)$/);
  if (own) return `${own[1]}:${own[2]}`;
  if (url.startsWith('node:')) return url.replace(/^node:internal\/(.*?)(\/.*)?$/, 'node:$1');
  return url;
};
/** A part's folder (`engine:runtime/behaviours`), or the package itself. */
const folderOf = (part) => {
  const own = part.match(/^(engine|db|domain|forms):(.*)$/);
  if (!own) return part;
  return `${own[1]}:${own[2].split('/').slice(0, -1).join('/') || '.'}`;
};
const functionOf = (frame) =>
  `${frame.functionName || '(anonymous)'} ${partOf(frame)}:${frame.lineNumber + 1}`;

const tables = {
  selfFolder: new Map(),
  selfPart: new Map(),
  selfFunction: new Map(),
  inclusiveFolder: new Map(),
  inclusiveFunction: new Map(),
};
const add = (table, key, us) => table.set(key, (table.get(key) ?? 0) + us);
let busy = 0;
let idle = 0;
let t = prof.startTime;
for (let i = 0; i < prof.samples.length; i++) {
  t += prof.timeDeltas[i];
  // A sample lasts until the next one.
  const us = prof.timeDeltas[i + 1] ?? 0;
  if (t - prof.startTime < skipUs) continue;
  const node = byId.get(prof.samples[i]);
  if (node.callFrame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  busy += us;
  const part = partOf(node.callFrame);
  add(tables.selfFolder, folderOf(part), us);
  add(tables.selfPart, part, us);
  add(tables.selfFunction, functionOf(node.callFrame), us);
  // Each folder and function once per sample, however often it recurs on the stack.
  const folders = new Set();
  const functions = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id).callFrame;
    folders.add(folderOf(partOf(frame)));
    functions.add(functionOf(frame));
  }
  for (const f of folders) add(tables.inclusiveFolder, f, us);
  for (const f of functions) add(tables.inclusiveFunction, f, us);
}

const show = (title, table, n) => {
  console.log(`\n### ${title}`);
  for (const [key, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    const share = ((100 * us) / busy).toFixed(1).padStart(5);
    console.log(`${share} %  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${key}`);
  }
};
console.log(
  `busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s (after the first ${skipArg} s)`,
);
show('self by package or folder', tables.selfFolder, 30);
show('self by file', tables.selfPart, top);
show('self by function', tables.selfFunction, top);
show('inclusive by package or folder', tables.inclusiveFolder, 30);
show('inclusive by function', tables.inclusiveFunction, top);
