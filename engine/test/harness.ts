import { afterAll, beforeAll } from '@jest/globals';
import type { TestDatabaseFactory } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine, type StartEngineOptions } from '@motcua/engine';
import { RestClient } from './rest-client.js';

export const T0 = new Date('2026-11-27T10:00:00.000Z');

export interface EngineHarness {
  api: RestClient;
  clock: TestClock;
  engine: RunningEngine;
}

/**
 * Starts a real engine on port 0 over a fresh database of the given dialect for the enclosing
 * describe block, and tears both down after it. Fields are filled in beforeAll. `options.security`
 * turns on authentication (then `api.as(user, password)` sends credentials).
 */
export function useEngine(
  factory: TestDatabaseFactory,
  options: Pick<StartEngineOptions, 'security'> = {},
): EngineHarness {
  const h = {} as EngineHarness;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    h.clock = new TestClock(T0);
    h.engine = await startEngine({ dbUrl: db.url, port: 0, clock: h.clock, ...options });
    h.api = new RestClient(h.engine.url);
  });
  afterAll(async () => {
    await h.engine?.close();
    await drop?.();
  });
  return h;
}
