/**
 * Single sign-on over real HTTP (issue 13): the portal and its embedded identity provider on an
 * ephemeral port, openid-client talking to oidc-provider, on every database. The sign-in door's
 * 302, a full code flow, account linking, refusals (tampered state, replayed callback, replayed
 * code, wrong nonce, unlinked officer), sign-out on both sides and the session timeouts (the
 * portal's clock is injected, so nothing sleeps).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, SsoStore, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startPortal, type RunningPortal } from '../src/start-portal.js';
import { hashToken } from '../src/auth/sessions.js';
import { PortalClient } from './support/http-client.js';
import { follow, idpRoundTrip } from './support/sso-flow.js';

const dialects = await testDatabases();
const PASSWORD = 'mat-khau-thu-nghiem';
const MINUTE = 60_000;

describe.each(dialects)('single sign-on on $dialect', (factory) => {
  let db: TestDatabase;
  let dataDir: string;
  let portal: RunningPortal;
  let ds: DataSource;
  let stores: PortalStores;
  let sso: SsoStore;
  let offset = 0;
  const clock = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    db = await factory.create();
    dataDir = mkdtempSync(join(tmpdir(), 'motcua-sso-'));
    portal = await startPortal({
      port: 0,
      engineUrl: 'http://127.0.0.1:9/engine-rest',
      dbUrl: db.url,
      dataDir,
      demo: true,
      demoPassword: PASSWORD,
      deploy: false,
      refreshDossiers: false,
      sso: { passwordLogin: true, embeddedIdp: true },
      sessions: { idleTimeoutMs: 30 * MINUTE, absoluteTimeoutMs: 12 * 60 * MINUTE, now: clock },
    });
    ds = await openDatabase({ url: db.url, migrate: false });
    stores = createPortalStores(ds);
    sso = new SsoStore(ds);
  }, 60_000);
  afterAll(async () => {
    await portal?.close();
    await ds?.destroy();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (client: PortalClient, username: string, start = '/dang-nhap/oidc') => {
    const callback = await idpRoundTrip(client, { start, username, password: PASSWORD });
    return { callback, res: await client.get(callback) };
  };
  const audits = (action: string) => stores.audit.list({ action }, 1000);

  it('publishes the discovery document at /oidc/.well-known/openid-configuration', async () => {
    const res = await fetch(`${portal.url}/oidc/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(`${portal.url}/oidc`);
    expect(doc.authorization_endpoint).toBe(`${portal.url}/oidc/auth`);
    expect(doc.end_session_endpoint).toBe(`${portal.url}/oidc/session/end`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
  });

  it("lets the sign-out form's redirect reach the provider under the CSP (form-action)", async () => {
    const res = await fetch(`${portal.url}/dang-nhap`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const formAction = /form-action ([^;]+)/.exec(csp)![1]!.split(' ');
    const port = new URL(portal.url).port;
    expect(formAction).toEqual(
      expect.arrayContaining(["'self'", `http://127.0.0.1:${port}`, `http://localhost:${port}`]),
    );
    expect(csp).toContain("script-src 'self'");
  });

  it('GET /dang-nhap/oidc answers 302 to the authorization endpoint with state, nonce and PKCE S256', async () => {
    const client = new PortalClient(portal.url);
    const res = await client.get('/dang-nhap/oidc?next=/tra-cuu');
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin + to.pathname).toBe(`${portal.url}/oidc/auth`);
    const q = to.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('motcua-cong-dan');
    expect(q.get('redirect_uri')).toBe(`${portal.url}/dang-nhap/oidc/callback`);
    expect(q.get('scope')).toBe('openid profile');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('nonce')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('state')).not.toBe(q.get('nonce'));
    // The state is bound to this browser and stored (hashed) with its nonce and verifier.
    expect(client.cookies.get('motcua_oidc_state')).toBe(q.get('state'));
    const line = client.setCookieLines.find((l) => l.startsWith('motcua_oidc_state='))!;
    expect(line).toMatch(/httponly/i);
    expect(line).toMatch(/samesite=lax/i);
    const attempt = await sso.takeAttempt(hashToken(q.get('state')!));
    expect(attempt).toMatchObject({ provider: 'citizen', nonce: q.get('nonce'), nextPath: '/tra-cuu' });
  });

  it('signs a linked citizen in through the full code flow, rotating the session', async () => {
    const client = new PortalClient(portal.url);
    await client.login('congdan2', PASSWORD);
    const before = client.cookies.get('motcua_sid')!;
    expect(before).toBeTruthy();
    const { callback, res } = await signIn(client, 'congdan');
    expect(new URL(callback, portal.url).searchParams.get('code')).toBeTruthy();
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ho-so-cua-toi');
    const after = client.cookies.get('motcua_sid')!;
    expect(after).not.toBe(before);
    expect(await stores.sessions.find(hashToken(before))).toBeNull();
    const page = await client.get('/tra-cuu');
    expect(page.text).toContain('Nguyễn Văn An (công dân) · Công dân');
    const congdan = await stores.users.findByUsername('congdan');
    const session = await stores.sessions.find(hashToken(after));
    expect(session?.userId).toBe(congdan!.id);
    expect(await sso.sessionLink(hashToken(after))).toMatchObject({ provider: 'citizen' });
    const success = (await audits('login.success')).find((a) => a.actor === congdan!.id);
    expect(success?.detail).toEqual({ method: 'oidc', provider: 'citizen' });
  });

  it('creates the applicant account of an unknown citizen on the first sign-in, and reuses it', async () => {
    const client = new PortalClient(portal.url);
    expect(await stores.users.findByUsername('vneid-001090000003')).toBeNull();
    const { res } = await signIn(client, '001090000003');
    expect(res.status).toBe(302);
    const created = await stores.users.findByUsername('vneid-001090000003');
    expect(created).toMatchObject({ displayName: 'Võ Thị Hoa', role: 'applicant', groups: [] });
    expect(await sso.citizenIdOf(created!.id)).toBe('001090000003');
    expect((await audits('account.created-by-sso')).map((a) => a.actor)).toContain(created!.id);
    // The password sign-in cannot open it: it has no password.
    const pw = await new PortalClient(portal.url).login('vneid-001090000003', '!sso-only');
    expect(pw.status).toBe(401);
    const again = await signIn(new PortalClient(portal.url), 'congdan3');
    expect(again.res.status).toBe(302);
    expect((await stores.users.findByUsername('vneid-001090000003'))!.id).toBe(created!.id);
  });

  it('refuses a callback whose state was tampered with, in Vietnamese, without a session', async () => {
    const client = new PortalClient(portal.url);
    const callback = await idpRoundTrip(client, {
      start: '/dang-nhap/oidc',
      username: 'congdan',
      password: PASSWORD,
    });
    const url = new URL(callback, portal.url);
    url.searchParams.set(
      'state',
      url.searchParams.get('state')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    const res = await client.get(url.pathname + url.search);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Yêu cầu đăng nhập không hợp lệ hoặc đã được sử dụng');
    expect(client.cookies.get('motcua_sid')).toBeUndefined();
    expect((await audits('login.sso-refused')).map((a) => a.detail?.reason)).toContain('state-mismatch');
  });

  it('refuses a replayed callback: the attempt is used once', async () => {
    const client = new PortalClient(portal.url);
    const callback = await idpRoundTrip(client, {
      start: '/dang-nhap/oidc',
      username: 'congdan',
      password: PASSWORD,
    });
    const state = new URL(callback, portal.url).searchParams.get('state')!;
    expect((await client.get(callback)).status).toBe(302);
    // The same browser replays it, even with its state cookie put back.
    client.cookies.set('motcua_oidc_state', state);
    const replay = await client.get(callback);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('đã được sử dụng');
    expect((await audits('login.sso-refused')).map((a) => a.detail?.reason)).toContain(
      'state-unknown-or-used',
    );
  });

  it('refuses a code used before, even inside a fresh sign-in (the provider refuses it)', async () => {
    const client = new PortalClient(portal.url);
    const first = await signIn(client, 'congdan');
    const oldCode = new URL(first.callback, portal.url).searchParams.get('code')!;
    const fresh = await client.get('/dang-nhap/oidc');
    const state = new URL(fresh.headers.get('location')!).searchParams.get('state')!;
    const forged = `/dang-nhap/oidc/callback?code=${encodeURIComponent(oldCode)}&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(`${portal.url}/oidc`)}`;
    const res = await client.get(forged);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Không xác thực được kết quả đăng nhập');
    expect((await audits('login.sso-refused')).map((a) => a.detail?.reason)).toContain('invalid_grant');
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const client = new PortalClient(portal.url);
    const callback = await idpRoundTrip(client, {
      start: '/dang-nhap/oidc',
      username: 'congdan',
      password: PASSWORD,
    });
    const state = new URL(callback, portal.url).searchParams.get('state')!;
    // The stored attempt now expects another nonce than the one the provider put in the ID token.
    const attempt = await sso.takeAttempt(hashToken(state));
    await sso.saveAttempt({ ...attempt!, nonce: 'another-nonce-than-the-one-sent-0000000000' });
    const res = await client.get(callback);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Không xác thực được kết quả đăng nhập');
    expect(client.cookies.get('motcua_sid')).toBeUndefined();
    expect((await audits('login.sso-refused')).map((a) => a.detail?.reason)).toContain('nonce-mismatch');
  });

  it('signs officers in through their door with roles and groups from our database only', async () => {
    const client = new PortalClient(portal.url);
    const start = await client.get('/dang-nhap/oidc/can-bo');
    expect(new URL(start.headers.get('location')!).searchParams.get('client_id')).toBe('motcua-can-bo');
    const { res } = await signIn(client, 'canbo', '/dang-nhap/oidc/can-bo');
    expect(res.headers.get('location')).toBe('/can-bo/cong-viec');
    const canbo = await stores.users.findByUsername('canbo');
    const session = await stores.sessions.find(hashToken(client.cookies.get('motcua_sid')!));
    expect(session?.userId).toBe(canbo!.id);
    expect(canbo).toMatchObject({ role: 'officer', groups: ['chuyen-vien', 'mot-cua'] });
  });

  it('refuses an officer nobody linked, a citizen at the officers door and an officer at the citizens door', async () => {
    const unlinked = await signIn(new PortalClient(portal.url), 'canbomoi', '/dang-nhap/oidc/can-bo');
    expect(unlinked.res.status).toBe(403);
    expect(unlinked.res.text).toContain('chưa được liên kết với tài khoản cán bộ');
    expect(await sso.userIdByCitizenId('001080000099')).toBeNull();
    const citizen = await signIn(new PortalClient(portal.url), 'congdan', '/dang-nhap/oidc/can-bo');
    expect(citizen.res.status).toBe(403);
    const officer = await signIn(new PortalClient(portal.url), 'canbo');
    expect(officer.res.status).toBe(403);
    expect(officer.res.text).toContain('Đây là tài khoản cán bộ');
    const reasons = (await audits('login.sso-refused')).map((a) => a.detail?.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['officer-not-linked', 'not-staff', 'staff-via-citizen-door']),
    );
  });

  it('a cancelled sign-in at the provider comes back refused, in Vietnamese', async () => {
    const client = new PortalClient(portal.url);
    const step = await follow(client, '/dang-nhap/oidc');
    const uid = /\/oidc\/interaction\/([\w-]+)\/huy/.exec(step.res.text)![1]!;
    const page = step.res.text;
    const csrf = PortalClient.csrfIn(page.slice(page.indexOf(`/oidc/interaction/${uid}/huy`)));
    const cancelled = await client.postForm(`/oidc/interaction/${uid}/huy`, { _csrf: csrf });
    const back = await follow(
      client,
      new URL(cancelled.headers.get('location')!, portal.url).pathname +
        new URL(cancelled.headers.get('location')!, portal.url).search,
    );
    expect(back.res.status).toBe(400);
    expect(back.res.text).toContain('Bạn đã hủy đăng nhập');
  });

  it('signs out on both sides: the portal session ends and the provider asks for the password again', async () => {
    const client = new PortalClient(portal.url);
    await signIn(client, 'congdan');
    const token = client.cookies.get('motcua_sid')!;
    const out = await client.postForm('/dang-xuat', { _csrf: await client.csrf('/tra-cuu') });
    expect(out.status).toBe(302);
    const end = new URL(out.headers.get('location')!);
    expect(end.origin + end.pathname).toBe(`${portal.url}/oidc/session/end`);
    expect(end.searchParams.get('id_token_hint')).toBeTruthy();
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${portal.url}/dang-xuat/xong`);
    expect(await stores.sessions.find(hashToken(token))).toBeNull();
    expect(await sso.sessionLink(hashToken(token))).toBeNull();
    const confirm = await client.get(end.pathname + end.search);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Bạn có muốn đăng xuất khỏi tài khoản định danh');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)![1]!;
    const done = await client.postForm('/oidc/session/end/confirm', { xsrf, logout: 'yes' });
    const back = new URL(done.headers.get('location')!, portal.url);
    expect(back.pathname).toBe('/dang-xuat/xong');
    expect((await client.get(back.pathname)).text).toContain('Bạn đã đăng xuất');
    // The provider's session is gone: a new sign-in shows its login page again.
    const again = await follow(client, '/dang-nhap/oidc');
    expect(again.res.text).toContain('Đăng nhập tài khoản định danh');
    expect(again.res.text).toMatch(/\/oidc\/interaction\/[\w-]+\/dang-nhap/);
  });

  it('ends a signed-on session after the idle timeout and after the absolute timeout', async () => {
    const idle = new PortalClient(portal.url);
    await signIn(idle, 'congdan');
    offset += 20 * MINUTE;
    expect((await idle.get('/tra-cuu')).text).toContain('Nguyễn Văn An');
    offset += 31 * MINUTE;
    expect((await idle.get('/tra-cuu')).text).not.toContain('Nguyễn Văn An');

    const busy = new PortalClient(portal.url);
    await signIn(busy, 'congdan');
    for (let i = 0; i < 12 * 3; i++) {
      offset += 20 * MINUTE; // a request every 20 minutes for 12 hours
      const page = await busy.get('/tra-cuu');
      if (i < 12 * 3 - 1) expect(page.text).toContain('Nguyễn Văn An');
      else expect(page.text).not.toContain('Nguyễn Văn An');
    }
  });

  it('AUTH_PASSWORD_LOGIN=false: no password form, and a posted password is refused', async () => {
    const other = await startPortal({
      port: 0,
      engineUrl: 'http://127.0.0.1:9/engine-rest',
      dbUrl: db.url,
      dataDir,
      demo: true,
      demoPassword: PASSWORD,
      deploy: false,
      refreshDossiers: false,
      sso: { passwordLogin: false, embeddedIdp: true },
    });
    try {
      const client = new PortalClient(other.url);
      const page = await client.get('/dang-nhap');
      expect(page.text).toContain('Đăng nhập bằng tài khoản định danh (VNeID / Cổng DVCQG)');
      expect(page.text).not.toContain('action="/dang-nhap"');
      const csrf = /motcua_login_csrf=([^;]+)/.exec(client.setCookieLines.join('\n'))![1]!;
      const res = await client.postForm('/dang-nhap', {
        _csrf: csrf,
        username: 'congdan',
        password: PASSWORD,
      });
      expect(res.status).toBe(403);
      expect(res.text).toContain('Đăng nhập bằng mật khẩu đã tắt');
      expect(client.cookies.get('motcua_sid')).toBeUndefined();
      expect(await audits('login.password-disabled')).not.toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
