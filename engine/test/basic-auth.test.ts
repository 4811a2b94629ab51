import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { BasicAuthInterceptor, Client } from 'camunda-external-task-client-js';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { startEngine, type RunningEngine } from '@motcua/engine';
import { bpmn, flow } from './rest-client.js';

// Authentication does not depend on the database: SQLite is enough here.
const [sqlite] = await testDatabases();

describe('optional HTTP Basic authentication', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  const auth = { user: 'engine', password: 'mat-khau-dai' };
  const header = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
  beforeAll(async () => {
    db = await sqlite!.create();
    engine = await startEngine({ dbUrl: db.url, port: 0, auth });
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  it('refuses requests without or with wrong credentials with a JSON 401', async () => {
    for (const headers of [
      {},
      header('engine', 'wrong'),
      header('other', 'mat-khau-dai'),
      { authorization: 'Bearer x' },
    ]) {
      const res = await fetch(`${engine.url}/version`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('www-authenticate')).toContain('Basic');
    }
  });

  it('serves requests with the right credentials, including the external-task client', async () => {
    const ok = await fetch(`${engine.url}/version`, { headers: header('engine', 'mat-khau-dai') });
    expect(ok.status).toBe(200);

    const form = new FormData();
    const xml = bpmn(
      'authp',
      `<bpmn:startEvent id="s" />${flow('f', 's', 'w')}<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="auth.t" />${flow('f2', 'w', 'e')}<bpmn:endEvent id="e" />`,
    );
    form.append('authp.bpmn', new Blob([xml]), 'authp.bpmn');
    expect(
      (
        await fetch(`${engine.url}/deployment/create`, {
          method: 'POST',
          body: form,
          headers: header('engine', 'mat-khau-dai'),
        })
      ).status,
    ).toBe(200);
    const start = await fetch(`${engine.url}/process-definition/key/authp/start`, {
      method: 'POST',
      body: '{}',
      headers: { ...header('engine', 'mat-khau-dai'), 'content-type': 'application/json' },
    });
    const pi = (await start.json()) as { id: string };

    const client = new Client({
      baseUrl: engine.url,
      interceptors: new BasicAuthInterceptor({ username: auth.user, password: auth.password }),
      asyncResponseTimeout: 2000,
      interval: 50,
    });
    const handled = new Promise<string>((resolve) => {
      client.subscribe('auth.t', async ({ task, taskService }) => {
        await taskService.complete(task);
        resolve(task.processInstanceId ?? '');
      });
    });
    expect(await handled).toBe(pi.id);
    client.stop();
  });
});
