/**
 * Calls the full-stack portal tests make against a running stack: the engine's REST API as
 * JSON, polling until the asynchronous workers have done their part, and signing in.
 */
import { expect } from '@jest/globals';
import { PortalClient } from './http-client.js';
import { DEMO_PASSWORD } from './stack.js';

/** A JSON call to the engine; a non-2xx answer throws with its body. */
export async function engineJson<T>(engineUrl: string, path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(engineUrl + path, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Polls `probe` every 100 ms for up to 30 s until it gives a value (workers run on their own). */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The first open task of `key` in the instance, once it exists. */
export function openTask(engineUrl: string, pi: string, key: string): Promise<{ id: string }> {
  return until(key, async () => {
    const [t] = await engineJson<Array<{ id: string }>>(
      engineUrl,
      `/task?processInstanceId=${pi}&taskDefinitionKey=${key}`,
    );
    return t;
  });
}

/** A portal client signed in as a demo account (the login must redirect). */
export async function signIn(portalUrl: string, username: string): Promise<PortalClient> {
  const c = new PortalClient(portalUrl);
  expect((await c.login(username, DEMO_PASSWORD)).status).toBe(302);
  return c;
}
