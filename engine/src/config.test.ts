import { describe, expect, it } from '@jest/globals';
import { loadEngineConfig, restSecurityOf } from './config.js';

describe('engine config', () => {
  it('has the documented defaults', () => {
    expect(loadEngineConfig({})).toMatchObject({
      DB_URL: 'sqlite:./data/motcua.sqlite',
      ENGINE_PORT: 8080,
      ENGINE_HOST: '127.0.0.1',
    });
  });
  it('takes a metrics token of at least 16 characters; none by default (metrics off)', () => {
    expect(loadEngineConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(loadEngineConfig({ METRICS_TOKEN: 'engine-token-01234' }).METRICS_TOKEN).toBe(
      'engine-token-01234',
    );
    expect(() => loadEngineConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
  it('names every bad variable', () => {
    expect(() => loadEngineConfig({ ENGINE_PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      /ENGINE_PORT[\s\S]*LOG_LEVEL/,
    );
  });
  it('bounds the file size: 10 MiB by default, a positive integer up to 256 MiB', () => {
    expect(loadEngineConfig({}).ENGINE_MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
    expect(loadEngineConfig({ ENGINE_MAX_FILE_BYTES: '1048576' }).ENGINE_MAX_FILE_BYTES).toBe(1048576);
    for (const bad of ['0', '-1', '1.5', 'lots', String(512 * 1024 * 1024)])
      expect(() => loadEngineConfig({ ENGINE_MAX_FILE_BYTES: bad })).toThrow(/ENGINE_MAX_FILE_BYTES/);
  });
  it('keeps acquired jobs 5 minutes and polls every second by default; both can be shortened', () => {
    expect(loadEngineConfig({})).toMatchObject({ ENGINE_JOB_LOCK_MS: 300_000, ENGINE_JOB_POLL_MS: 1000 });
    expect(loadEngineConfig({ ENGINE_JOB_LOCK_MS: '4000', ENGINE_JOB_POLL_MS: '200' })).toMatchObject({
      ENGINE_JOB_LOCK_MS: 4000,
      ENGINE_JOB_POLL_MS: 200,
    });
    expect(() => loadEngineConfig({ ENGINE_JOB_LOCK_MS: '10' })).toThrow(/ENGINE_JOB_LOCK_MS/);
  });
  it('wants REST credentials in pairs', () => {
    expect(() => loadEngineConfig({ ENGINE_REST_USER: 'engine' })).toThrow(/ENGINE_REST_USER/);
    expect(
      loadEngineConfig({ ENGINE_REST_USER: 'engine', ENGINE_REST_PASSWORD: 'long-secret' }).ENGINE_REST_USER,
    ).toBe('engine');
  });
  it('compiles the REST security: off by default, basic with ENGINE_AUTH or an administrator', () => {
    expect(restSecurityOf(loadEngineConfig({}))).toMatchObject({
      auth: 'none',
      authorization: true,
      corsOrigins: [],
    });
    expect(
      restSecurityOf(loadEngineConfig({ ENGINE_REST_USER: 'engine', ENGINE_REST_PASSWORD: 'long-secret' })),
    ).toMatchObject({ auth: 'basic', admin: { user: 'engine', password: 'long-secret' } });
    expect(
      restSecurityOf(
        loadEngineConfig({
          ENGINE_AUTH: 'basic',
          ENGINE_AUTHORIZATION: 'false',
          ENGINE_CORS_ORIGINS: 'http://a, http://b',
        }),
      ),
    ).toMatchObject({
      auth: 'basic',
      admin: undefined,
      authorization: false,
      corsOrigins: ['http://a', 'http://b'],
    });
    expect(() => loadEngineConfig({ ENGINE_AUTH: 'oauth' })).toThrow(/ENGINE_AUTH/);
  });
});
