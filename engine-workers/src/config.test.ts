import { describe, expect, it } from '@jest/globals';
import { loadWorkersConfig } from './config.js';

describe('workers config', () => {
  it('has defaults for everything', () => {
    const c = loadWorkersConfig({});
    expect(c).toMatchObject({
      engineUrl: 'http://localhost:8080/engine-rest',
      dbUrl: 'sqlite:./data/motcua.sqlite',
      lockDurationMs: 30_000,
      maxTasks: 10,
      asyncResponseTimeoutMs: 10_000,
      retries: 3,
      apologyExtensionWorkingDays: 5,
      historyPollMs: 2_000,
      logLevel: 'info',
    });
    expect(c.workerId).toMatch(/^motcua-workers-/);
    expect(c.unitCode).toBeUndefined();
  });

  it('reads the environment and derives DB_URL from DATA_DIR', () => {
    const c = loadWorkersConfig({
      ENGINE_URL: 'http://engine:8080/engine-rest/',
      DATA_DIR: '/var/lib/motcua/',
      WORKER_ID: 'w-1',
      UNIT_CODE: '000.00.01.G13',
      WORKER_RETRIES: '5',
      WORKER_APOLOGY_EXTENSION_DAYS: '10',
      WORKER_HISTORY_POLL_MS: '0',
    });
    expect(c).toMatchObject({
      engineUrl: 'http://engine:8080/engine-rest',
      dbUrl: 'sqlite:/var/lib/motcua/motcua.sqlite',
      workerId: 'w-1',
      unitCode: '000.00.01.G13',
      retries: 5,
      apologyExtensionWorkingDays: 10,
      historyPollMs: 0,
    });
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadWorkersConfig({ ENGINE_URL: 'not a url', WORKER_MAX_TASKS: '0', UNIT_CODE: 'bad code' }),
    ).toThrow(
      /ENGINE_URL[\s\S]*UNIT_CODE[\s\S]*WORKER_MAX_TASKS|ENGINE_URL[\s\S]*WORKER_MAX_TASKS[\s\S]*UNIT_CODE/,
    );
  });

  it('takes ENGINE_USER and ENGINE_PASSWORD together or not at all', () => {
    expect(loadWorkersConfig({}).engineAuth).toBeUndefined();
    expect(loadWorkersConfig({ ENGINE_USER: 'workers', ENGINE_PASSWORD: 'mat-khau-dai' }).engineAuth).toEqual(
      {
        user: 'workers',
        password: 'mat-khau-dai',
      },
    );
    expect(() => loadWorkersConfig({ ENGINE_USER: 'workers' })).toThrow(
      /ENGINE_PASSWORD: set both ENGINE_USER and ENGINE_PASSWORD, or neither/,
    );
    expect(() => loadWorkersConfig({ ENGINE_PASSWORD: 'mat-khau-dai' })).toThrow(/set both ENGINE_USER/);
  });
});
