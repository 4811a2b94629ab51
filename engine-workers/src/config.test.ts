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
    expect(c.ops).toBeUndefined();
  });

  it('listens for health and metrics only when given a port', () => {
    const c = loadWorkersConfig({ WORKERS_OPS_PORT: '9464', METRICS_TOKEN: 'workers-token-0123' });
    expect(c.ops).toEqual({
      port: 9464,
      host: '127.0.0.1',
      metricsToken: 'workers-token-0123',
      processMetrics: true,
    });
    expect(() => loadWorkersConfig({ WORKERS_OPS_PORT: '0' })).toThrow(/WORKERS_OPS_PORT/);
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

  it('takes the signing token, key and PIN together or not at all, and never echoes the PIN', () => {
    expect(loadWorkersConfig({}).signing).toBeUndefined();
    expect(
      loadWorkersConfig({
        SIGNING_TOKEN_LABEL: 'motcua-dev',
        SIGNING_KEY_LABEL: 'result-signer',
        SIGNING_PIN: '9876',
      }).signing,
    ).toEqual({
      modulePath: '/usr/lib/softhsm/libsofthsm2.so',
      tokenLabel: 'motcua-dev',
      keyLabel: 'result-signer',
      pin: '9876',
    });
    let message = '';
    try {
      loadWorkersConfig({ SIGNING_TOKEN_LABEL: 'motcua-dev', SIGNING_PIN: 'bi-mat-9876' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /SIGNING_PIN: set SIGNING_TOKEN_LABEL, SIGNING_KEY_LABEL and SIGNING_PIN together/,
    );
    expect(message).not.toContain('bi-mat-9876');
  });
});
