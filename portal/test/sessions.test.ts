/**
 * Server-side sessions on a real database: idle timeout, absolute timeout, and the touch that
 * keeps an active session alive. Time is injected, so nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { openDatabase, type DataSource } from '@motcua/db';
import { createPortalStores, type PortalStores } from '@motcua/db/portal';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { ABSOLUTE_TIMEOUT_MS, hashToken, IDLE_TIMEOUT_MS, SessionService } from '../src/auth/sessions.js';

const dialects = await testDatabases();
const MINUTE = 60_000;

describe.each(dialects)('sessions on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  let stores: PortalStores;
  let userId: string;
  let now = new Date('2026-11-27T08:00:00Z').getTime();
  const clock = () => new Date(now);

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
    stores = createPortalStores(ds);
    userId = randomUUID();
    await stores.users.upsert({
      id: userId,
      username: 'canbo',
      displayName: 'Cán bộ',
      passwordHash: 'x',
      role: 'officer',
      groups: [],
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('stores only the token hash and resolves the cookie token to its session', async () => {
    const sessions = new SessionService(stores.sessions, clock);
    const { token, session } = await sessions.create(userId, '127.0.0.1');
    expect(session.tokenHash).toBe(hashToken(token));
    expect(await stores.sessions.find(token)).toBeNull();
    expect(await sessions.resolve(token)).toMatchObject({ userId, csrfToken: session.csrfToken });
    expect(await sessions.resolve('not-a-token')).toBeNull();
  });

  it('dies after 30 idle minutes, and stays alive while used', async () => {
    const sessions = new SessionService(stores.sessions, clock);
    const { token } = await sessions.create(userId, null);
    for (let i = 0; i < 6; i++) {
      now += 20 * MINUTE; // 2 hours of activity, a request every 20 minutes
      expect(await sessions.resolve(token)).not.toBeNull();
    }
    now += IDLE_TIMEOUT_MS + MINUTE;
    expect(await sessions.resolve(token)).toBeNull();
    expect(await stores.sessions.find(hashToken(token))).toBeNull(); // deleted on sight
  });

  it('dies 12 hours after login even when used all day', async () => {
    const sessions = new SessionService(stores.sessions, clock);
    const { token } = await sessions.create(userId, null);
    const loginAt = now;
    while (now - loginAt < ABSOLUTE_TIMEOUT_MS - 20 * MINUTE) {
      now += 20 * MINUTE;
      expect(await sessions.resolve(token)).not.toBeNull();
    }
    now = loginAt + ABSOLUTE_TIMEOUT_MS + MINUTE;
    expect(await sessions.resolve(token)).toBeNull();
  });

  it('destroys a session at logout', async () => {
    const sessions = new SessionService(stores.sessions, clock);
    const { token, session } = await sessions.create(userId, null);
    await sessions.destroy(session.tokenHash);
    expect(await sessions.resolve(token)).toBeNull();
  });
});
