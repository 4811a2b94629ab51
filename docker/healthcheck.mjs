#!/usr/bin/env node
// Docker HEALTHCHECK without curl (the slim image has none): exit 0 when the URL answers 2xx
// within 4 s, else 1. `node docker/healthcheck.mjs http://127.0.0.1:8080/health/ready`.
const url = process.argv[2];
if (!url) {
  console.error('usage: node docker/healthcheck.mjs <url>');
  process.exit(2);
}
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
