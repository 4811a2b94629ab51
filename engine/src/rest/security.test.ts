import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { cors } from './security.js';

/**
 * security.ts keeps authentication and CORS only: every authorization is checked by the service
 * that runs the operation (issue 11; engine/test/rest-authorization-walk.test.ts calls every
 * route as a user without authorizations). Here: the CORS middleware over real HTTP.
 */
describe('CORS', () => {
  const servers: Server[] = [];
  const serve = async (origins: string[]): Promise<string> => {
    const app = new Koa();
    app.use(cors(origins));
    app.use((ctx) => {
      ctx.body = 'noi dung';
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  };
  let url: string;
  beforeAll(async () => {
    url = await serve(['http://modeler.local']);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const preflight = (target: string, origin: string) =>
    fetch(target, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'Authorization',
      },
    });

  it('answers a preflight from a configured origin itself, naming that origin', async () => {
    const res = await preflight(url, 'http://modeler.local');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://modeler.local');
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('adds no CORS header for another origin and lets the call through', async () => {
    const res = await preflight(url, 'http://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).toBe('noi dung');
    const plain = await fetch(url, { headers: { Origin: 'http://modeler.local' } });
    expect(plain.headers.get('access-control-allow-origin')).toBe('http://modeler.local');
    expect(await plain.text()).toBe('noi dung');
  });

  it('allows any origin with *', async () => {
    const any = await serve(['*']);
    const res = await preflight(any, 'http://anywhere.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
