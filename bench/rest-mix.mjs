#!/usr/bin/env node
// A fixed amount of cheap REST calls against a running engine, to compare the engine's CPU per
// request between builds (its CPU seconds over the run, from /proc, measured by the caller): the
// HTTP layer's share is large here, as the calls do little database work. Figures, not a test.
//
//   ENGINE_URL=http://127.0.0.1:8080/engine-rest [AUTH=user:password] [N=3000] [C=8] node bench/rest-mix.mjs
//
// Each of N rounds makes five calls, C clients at a time: an empty fetchAndLock, a task query
// with a query string (sorting, paging), GET /engine, a task complete answered 404, and
// GET /process-definition/count. Prints the wall time and the count of each call's statuses.
const url = process.env.ENGINE_URL;
if (!url) throw new Error('ENGINE_URL: the engine REST root, e.g. http://127.0.0.1:8080/engine-rest');
const rounds = Number(process.env.N ?? 3000);
const clients = Number(process.env.C ?? 8);
const auth = process.env.AUTH
  ? { Authorization: `Basic ${Buffer.from(process.env.AUTH).toString('base64')}` }
  : {};
const json = { 'Content-Type': 'application/json', ...auth };
const fetchAndLock = { workerId: 'w1', maxTasks: 2, topics: [{ topicName: 'none', lockDuration: 1000 }] };
const calls = [
  ['POST', '/external-task/fetchAndLock', JSON.stringify(fetchAndLock)],
  ['GET', '/task?candidateGroups=officers&sortBy=dueDate&sortOrder=asc&firstResult=0&maxResults=15', null],
  ['GET', '/engine', null],
  ['POST', '/task/none-such/complete', JSON.stringify({ variables: { a: { value: 1, type: 'Integer' } } })],
  ['GET', '/process-definition/count', null],
];
let next = 0;
const statuses = {};
async function client() {
  while (next < rounds * calls.length) {
    const [method, path, body] = calls[next++ % calls.length];
    const res = await fetch(url + path, { method, headers: body ? json : auth, body });
    await res.arrayBuffer();
    const key = `${method} ${path.split('?')[0]} ${res.status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: clients }, client));
console.log(JSON.stringify({ ms: Date.now() - started, statuses }));
