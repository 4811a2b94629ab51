import { describe, expect, it } from '@jest/globals';
import { loadEngineConfig } from './config.js';

describe('engine config', () => {
  it('has the documented defaults', () => {
    expect(loadEngineConfig({})).toMatchObject({
      DB_URL: 'sqlite:./data/motcua.sqlite',
      ENGINE_PORT: 8080,
      ENGINE_HOST: '127.0.0.1',
    });
  });
  it('names every bad variable', () => {
    expect(() => loadEngineConfig({ ENGINE_PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      /ENGINE_PORT[\s\S]*LOG_LEVEL/,
    );
  });
  it('wants REST credentials in pairs', () => {
    expect(() => loadEngineConfig({ ENGINE_REST_USER: 'engine' })).toThrow(/ENGINE_REST_USER/);
    expect(
      loadEngineConfig({ ENGINE_REST_USER: 'engine', ENGINE_REST_PASSWORD: 'long-secret' }).ENGINE_REST_USER,
    ).toBe('engine');
  });
});
