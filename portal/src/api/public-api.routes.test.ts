import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { loadCatalogue } from '@motcua/processes';
import { Catalogue } from '../catalogue/catalogue.js';
import type { PortalState } from '../http/state.js';
import { publicApiRoutes } from './public-api.routes.js';

// The router alone on a real HTTP server, default calendar (the database path is in portal/test).
let server: Server;
let base: string;

beforeAll(async () => {
  const app = new Koa<PortalState>();
  const router = publicApiRoutes({ catalogue: new Catalogue(loadCatalogue()) });
  app.use(router.routes()).use(router.allowedMethods());
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const get = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('public API router', () => {
  it('computes due dates across Tết on the computed calendar, any year', async () => {
    expect(await get('/api/calendar/due-date?from=2026-02-11&workingDays=15')).toEqual({
      status: 200,
      body: { dueDate: '2026-03-11' },
    });
    // Tết 2031 (mùng 1 Thursday 23/01): off Wed 22 – Tue 28/01 with compensatory days.
    expect((await get('/api/calendar/due-date?from=2031-01-21&workingDays=1')).body).toEqual({
      dueDate: '2031-01-29',
    });
  });

  it('answers 400 with Vietnamese messages', async () => {
    expect(await get('/api/calendar/due-date?from=2026-11-27&workingDays=abc')).toEqual({
      status: 400,
      body: { message: 'Tham số workingDays phải là số nguyên từ 0 đến 3650.' },
    });
    expect(await get('/api/calendar/due-date?from=2026-11-27&workingDays=1&workingDays=2')).toEqual({
      status: 400,
      body: { message: 'Tham số workingDays chỉ được có một giá trị.' },
    });
  });

  it('publishes the catalogue with the process key of the deployed procedure only', async () => {
    const res = await fetch(`${base}/api/procedures`);
    const list = (await res.json()) as { code: string | null; key?: string }[];
    expect(list.filter((p) => p.key).map((p) => [p.code, p.key])).toEqual([
      ['1.009846', 'most-chung-chi-nhan-vien-buc-xa'],
    ]);
  });
});
