#!/usr/bin/env node
// Page weights: the bytes a browser transfers for each portal page on a first visit (empty
// cache), measured in Debian Chromium (playwright-core) from each request's encoded body and
// headers (`request.sizes()`). Not a test: prints a table for bench/RESULTS.md.
//
//   PORT=3611 ENGINE_PORT=8611 DATA_DIR=/tmp/motcua-weights MOTCUA_DEMO_PASSWORD=… npm start   # elsewhere
//   BENCH_PORTAL_URL=http://127.0.0.1:3611 BENCH_PASSWORD=… node bench/page-weight.mjs
import { chromium } from 'playwright-core';

const base = process.env.BENCH_PORTAL_URL ?? 'http://127.0.0.1:3000';
const password = process.env.BENCH_PASSWORD;
if (!password) throw new Error('BENCH_PASSWORD: the demo accounts’ password');
const PROCEDURE = process.env.BENCH_PROCEDURE ?? 'most-chung-chi-nhan-vien-buc-xa';

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });

/** Visits `path` in a fresh context (no cache) and sums what came over the wire. */
async function weigh(path, { signIn = false, viewport = { width: 390, height: 844 } } = {}) {
  let storageState;
  if (signIn) {
    // Sign in in a context of its own, then measure in a fresh one with only its cookies (no cache).
    const login = await browser.newContext();
    const p = await login.newPage();
    await p.goto(`${base}/dang-nhap`);
    await p.getByLabel('Tên đăng nhập').fill('congdan');
    await p.getByLabel('Mật khẩu').fill(password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
    storageState = await login.storageState();
    await login.close();
  }
  const context = await browser.newContext({ viewport, ...(storageState ? { storageState } : {}) });
  const page = await context.newPage();
  const requests = [];
  page.on('requestfinished', (r) => requests.push(r));
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  let bytes = 0;
  let html = 0;
  const files = [];
  for (const r of requests) {
    const s = await r.sizes();
    // -1 when Chromium could not say (never for these same-origin loads); count 0, not a negative.
    s.responseBodySize = Math.max(0, s.responseBodySize);
    const total = s.responseBodySize + s.responseHeadersSize;
    bytes += total;
    const res = await r.response();
    if (r.resourceType() === 'document') html += total;
    files.push(
      `${new URL(r.url()).pathname} ${s.responseBodySize} (${res?.headers()['content-encoding'] ?? 'identity'})`,
    );
  }
  await context.close();
  return { path, requests: requests.length, bytes, html, files };
}

const pages = [
  ['/', {}],
  ['/dang-nhap', {}],
  [`/thu-tuc/${PROCEDURE}`, {}],
  [`/thu-tuc/${PROCEDURE}`, { signIn: true, label: 'procedure page with the form (signed in)' }],
  ['/ho-so-cua-toi', { signIn: true }],
  ['/tra-cuu', {}],
];
console.log(`motcua page weights — ${new Date().toISOString()} — ${base}`);
console.log('| page | requests | HTML bytes | total transferred bytes |');
console.log('|---|---|---|---|');
for (const [path, o] of pages) {
  const w = await weigh(path, o);
  console.log(`| ${o.label ?? path} | ${w.requests} | ${w.html} | ${w.bytes} |`);
  if (process.env.BENCH_VERBOSE) for (const f of w.files) console.log(`    ${f}`);
}
await browser.close();
