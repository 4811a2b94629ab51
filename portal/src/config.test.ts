import { describe, expect, it } from '@jest/globals';
import { loadPortalConfig } from './config.js';

describe('portal config', () => {
  it('fills the documented defaults', () => {
    expect(loadPortalConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      engineUrl: 'http://localhost:8080/engine-rest',
      dataDir: './data',
      dbUrl: 'sqlite:./data/motcua.sqlite',
      demo: false,
      demoPassword: undefined,
      secureCookies: false,
      emulators: false,
      documents: { maxFileBytes: 10485760, maxDossierBytes: 52428800, stagingMs: 86_400_000 },
      sso: { passwordLogin: true, embeddedIdp: false, citizen: undefined, officer: undefined },
      publicUrl: 'http://localhost:3000',
      sessions: { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3600_000 },
      metrics: { token: undefined, processMetrics: true },
      logLevel: 'info',
      production: false,
    });
  });

  it('takes a metrics token of at least 16 characters and a log level', () => {
    const c = loadPortalConfig({ METRICS_TOKEN: 'mot-token-du-dai-16', LOG_LEVEL: 'warn' });
    expect([c.metrics.token, c.logLevel]).toEqual(['mot-token-du-dai-16', 'warn']);
    expect(() => loadPortalConfig({ METRICS_TOKEN: 'ngan' })).toThrow(/METRICS_TOKEN/);
  });

  it('reads the identity providers, the password switch and the session timeouts', () => {
    const c = loadPortalConfig({
      OIDC_ISSUER: 'https://xacthuc.dichvucong.gov.vn',
      OIDC_CLIENT_ID: 'most-dvc',
      OIDC_CLIENT_SECRET: 'bi-mat',
      OIDC_ACR_VALUES: 'LoA1',
      OIDC_OFFICER_ISSUER: 'https://sso.most.gov.vn/realms/most',
      OIDC_OFFICER_CLIENT_ID: 'motcua',
      OIDC_OFFICER_CITIZEN_ID_CLAIM: 'cccd',
      AUTH_PASSWORD_LOGIN: 'false',
      PORTAL_SESSION_IDLE_MINUTES: '15',
      PORTAL_SESSION_ABSOLUTE_HOURS: '8',
    });
    expect(c.sso.passwordLogin).toBe(false);
    expect(c.sso.citizen).toMatchObject({
      issuer: 'https://xacthuc.dichvucong.gov.vn',
      clientId: 'most-dvc',
      clientSecret: 'bi-mat',
      acrValues: 'LoA1',
      scope: 'openid profile',
      idClaim: 'so_dinh_danh',
      allowHttp: false,
    });
    expect(c.sso.officer).toMatchObject({ clientId: 'motcua', idClaim: 'cccd', clientSecret: undefined });
    expect(c.sessions).toEqual({ idleTimeoutMs: 15 * 60_000, absoluteTimeoutMs: 8 * 3600_000 });
    expect(() => loadPortalConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadPortalConfig({ AUTH_PASSWORD_LOGIN: 'false' })).toThrow(/AUTH_PASSWORD_LOGIN/);
    expect(() => loadPortalConfig({ OIDC_EMBEDDED_IDP: 'true' })).toThrow(/OIDC_EMBEDDED_IDP/);
    expect(loadPortalConfig({ OIDC_EMBEDDED_IDP: 'true', MOTCUA_DEMO: 'true' }).sso.embeddedIdp).toBe(true);
  });

  it('reads the upload limits and refuses a dossier limit below the file limit', () => {
    const c = loadPortalConfig({ PORTAL_MAX_FILE_BYTES: '2097152', PORTAL_UPLOAD_STAGING_HOURS: '2' });
    expect(c.documents).toEqual({ maxFileBytes: 2097152, maxDossierBytes: 52428800, stagingMs: 7_200_000 });
    expect(() =>
      loadPortalConfig({ PORTAL_MAX_FILE_BYTES: '2097152', PORTAL_MAX_DOSSIER_BYTES: '1048576' }),
    ).toThrow(/PORTAL_MAX_DOSSIER_BYTES/);
    expect(() => loadPortalConfig({ PORTAL_MAX_FILE_BYTES: String(200 * 1024 * 1024) })).toThrow(
      /PORTAL_MAX_FILE_BYTES/,
    );
  });

  it('derives DB_URL from DATA_DIR and reads flags', () => {
    const c = loadPortalConfig({ DATA_DIR: '/srv/motcua/', MOTCUA_DEMO: 'on', PORT: '8081' });
    expect(c.dbUrl).toBe('sqlite:/srv/motcua/motcua.sqlite');
    expect(c.demo).toBe(true);
    expect(c.port).toBe(8081);
  });

  it('serves the emulators only outside production', () => {
    expect(loadPortalConfig({ PORTAL_EMULATORS: 'true' }).emulators).toBe(true);
    expect(() => loadPortalConfig({ PORTAL_EMULATORS: 'true', NODE_ENV: 'production' })).toThrow(
      /PORTAL_EMULATORS/,
    );
    expect(loadPortalConfig({ NODE_ENV: 'production' }).emulators).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() => loadPortalConfig({ PORT: 'abc', ENGINE_URL: 'not a url', MOTCUA_DEMO: 'maybe' })).toThrow(
      /PORT[\s\S]*ENGINE_URL[\s\S]*MOTCUA_DEMO|PORT[\s\S]*MOTCUA_DEMO[\s\S]*ENGINE_URL/,
    );
  });

  it('takes ENGINE_USER and ENGINE_PASSWORD together or not at all', () => {
    expect(loadPortalConfig({}).engineAuth).toBeUndefined();
    expect(loadPortalConfig({ ENGINE_USER: 'portal', ENGINE_PASSWORD: 'mat-khau-dai' }).engineAuth).toEqual({
      user: 'portal',
      password: 'mat-khau-dai',
    });
    expect(() => loadPortalConfig({ ENGINE_USER: 'portal' })).toThrow(
      /ENGINE_PASSWORD: set both ENGINE_USER and ENGINE_PASSWORD, or neither/,
    );
    expect(() => loadPortalConfig({ ENGINE_PASSWORD: 'mat-khau-dai' })).toThrow(/set both ENGINE_USER/);
    expect(() => loadPortalConfig({ ENGINE_USER: '', ENGINE_PASSWORD: 'x' })).toThrow(/ENGINE_USER/);
  });
});
