/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * Task attachments with ENGINE_AUTH=basic: content stored in the shared file storage or a link,
 * served as a download with safe headers, size-limited, logged (AddAttachment/DeleteAttachment
 * with the user), and readable by whoever may read the task — nobody else.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { bpmn, flow } from './rest-client.js';

const dialects = await testDatabases();
const ADMIN: [string, string] = ['quantri', 'mat-khau-quan-tri'];
const CANBO: [string, string] = ['canbo', 'mat-khau-can-bo'];
const NGOAI: [string, string] = ['nguoingoai', 'mat-khau-nguoi-ngoai'];
const LIMIT = 1536 * 1024;
const basic = ([user, password]: [string, string]) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe.each(dialects)('task attachments on $dialect', (factory) => {
  let engine: RunningEngine;
  let drop: () => Promise<void>;
  let taskId: string;

  const call = async (who: [string, string], method: string, path: string, body?: unknown) => {
    const res = await fetch(engine.url + path, {
      method,
      headers: {
        authorization: basic(who),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: text && res.headers.get('content-type') === 'application/json' ? (JSON.parse(text) as any) : null,
    };
  };
  const download = async (who: [string, string], path: string) => {
    const res = await fetch(engine.url + path, { headers: { authorization: basic(who) } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const create = async (
    who: [string, string],
    fields: Record<string, string>,
    content?: { bytes: Buffer; filename: string; type?: string },
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (content)
      form.append(
        'content',
        new Blob([content.bytes], { type: content.type ?? 'application/octet-stream' }),
        content.filename,
      );
    const res = await fetch(`${engine.url}/task/${taskId}/attachment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: basic(who) },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
  };

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      clock: new TestClock(),
      security: { auth: 'basic', admin: { user: ADMIN[0], password: ADMIN[1] } },
      files: { maxBytes: LIMIT },
    });
    for (const [id, password] of [CANBO, NGOAI])
      expect(
        (await call(ADMIN, 'POST', '/user/create', { profile: { id }, credentials: { password } })).status,
      ).toBe(204);
    await call(ADMIN, 'POST', '/group/create', { id: 'mot-cua', name: 'Một cửa' });
    await call(ADMIN, 'PUT', '/group/mot-cua/members/canbo');
    const xml = bpmn(
      'dinhkem',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:userTask id="t" camunda:candidateGroups="mot-cua" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
    );
    const form = new FormData();
    form.append('dinhkem.bpmn', new Blob([xml]), 'dinhkem.bpmn');
    const dep = await fetch(`${engine.url}/deployment/create`, {
      method: 'POST',
      body: form,
      headers: { authorization: basic(ADMIN) },
    });
    expect(dep.status).toBe(200);
    const pi = (await call(ADMIN, 'POST', '/process-definition/key/dinhkem/start', {})).body.id;
    taskId = (await call(ADMIN, 'GET', `/task?processInstanceId=${pi}`)).body[0].id;
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('adds content above 1 MiB, lists, gets and serves it as a safe download, and logs who added it', async () => {
    const bytes = randomBytes(1024 * 1024 + 99);
    const created = await create(
      CANBO,
      {
        'attachment-name': 'Biên bản thẩm định.pdf',
        'attachment-description': 'Bản scan',
        'attachment-type': 'application/pdf',
      },
      { bytes, filename: 'scan.pdf', type: 'application/pdf' },
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'Biên bản thẩm định.pdf',
      description: 'Bản scan',
      type: 'application/pdf',
      url: null,
      taskId,
      removalTime: null,
      links: [
        {
          method: 'GET',
          rel: 'self',
          href: expect.stringContaining(`/task/${taskId}/attachment/${created.body.id}`),
        },
      ],
    });
    expect(created.body.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    const id = created.body.id as string;

    const list = await call(CANBO, 'GET', `/task/${taskId}/attachment`);
    expect(list.body.map((a: any) => a.id)).toContain(id);
    expect((await call(CANBO, 'GET', `/task/${taskId}/attachment/${id}`)).body).toMatchObject({
      id,
      links: [],
    });

    const data = await download(CANBO, `/task/${taskId}/attachment/${id}/data`);
    expect(data.status).toBe(200);
    expect(data.bytes.equals(bytes)).toBe(true);
    expect(data.headers.get('content-type')).toBe('application/octet-stream');
    expect(data.headers.get('x-content-type-options')).toBe('nosniff');
    expect(data.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Bi_n b_n th_m __nh\.pdf"; filename\*=UTF-8''Bi%C3%AAn/,
    );

    const log = await call(
      ADMIN,
      'GET',
      `/history/user-operation?taskId=${taskId}&operationType=AddAttachment`,
    );
    expect(log.body).toEqual([
      expect.objectContaining({
        userId: 'canbo',
        entityType: 'Attachment',
        property: 'name',
        newValue: 'Biên bản thẩm định.pdf',
      }),
    ]);
  });

  it('keeps names from reaching a path and uploaded HTML from rendering', async () => {
    const html = Buffer.from('<script>alert(1)</script>');
    const created = await create(
      ADMIN,
      { 'attachment-name': '../../etc/passwd', 'attachment-type': 'text/html' },
      { bytes: html, filename: 'x.html', type: 'text/html' },
    );
    expect(created.status).toBe(200);
    const data = await download(ADMIN, `/task/${taskId}/attachment/${created.body.id}/data`);
    expect(data.headers.get('content-disposition')).toBe(
      `attachment; filename="passwd"; filename*=UTF-8''passwd`,
    );
    expect(data.headers.get('content-type')).toBe('application/octet-stream');
    expect(data.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('stores a link without content; refuses neither, unsafe links and files above the limit', async () => {
    const link = await create(CANBO, {
      'attachment-name': 'Cổng DVC',
      url: 'https://dichvucong.gov.vn/ho-so/1',
    });
    expect(link.status).toBe(200);
    expect(link.body.url).toBe('https://dichvucong.gov.vn/ho-so/1');
    const noContent = await download(CANBO, `/task/${taskId}/attachment/${link.body.id}/data`);
    expect(noContent.status).toBe(404);

    const neither = await create(CANBO, { 'attachment-name': 'rỗng' });
    expect(neither).toMatchObject({
      status: 400,
      body: {
        type: 'InvalidRequestException',
        message: 'No content or url to remote content exists to create the task attachment.',
      },
    });
    expect((await create(CANBO, { url: 'javascript:alert(1)' })).status).toBe(400);
    const before = (await call(CANBO, 'GET', `/task/${taskId}/attachment`)).body.length;
    const tooBig = await create(
      CANBO,
      { 'attachment-name': 'lớn' },
      { bytes: randomBytes(LIMIT + 1), filename: 'lon.bin' },
    );
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.type).toBe('InvalidRequestException');
    expect((await call(CANBO, 'GET', `/task/${taskId}/attachment`)).body.length).toBe(before);
  });

  it('lets only those who may read the task read its attachments, and only those who may update it change them', async () => {
    const a = await create(
      ADMIN,
      { 'attachment-name': 'mật.txt' },
      { bytes: Buffer.from('bí mật'), filename: 'mat.txt' },
    );
    const id = a.body.id as string;
    for (const path of [
      `/task/${taskId}/attachment`,
      `/task/${taskId}/attachment/${id}`,
      `/task/${taskId}/attachment/${id}/data`,
    ]) {
      const r = await call(NGOAI, 'GET', path);
      expect([path, r.status]).toEqual([path, 403]);
      expect(r.body.type).toBe('AuthorizationException');
    }
    expect((await create(NGOAI, { url: 'https://example.org' })).status).toBe(403);
    expect((await call(NGOAI, 'DELETE', `/task/${taskId}/attachment/${id}`)).status).toBe(403);
    expect((await download(CANBO, `/task/${taskId}/attachment/${id}/data`)).bytes.toString()).toBe('bí mật');
  });

  it('deletes an attachment and its content, logs it, and answers 404 after', async () => {
    const a = await create(
      CANBO,
      { 'attachment-name': 'xoá.txt' },
      { bytes: Buffer.from('tạm'), filename: 'tam.txt' },
    );
    const id = a.body.id as string;
    expect((await call(CANBO, 'DELETE', `/task/${taskId}/attachment/${id}`)).status).toBe(204);
    expect((await call(CANBO, 'GET', `/task/${taskId}/attachment/${id}`)).status).toBe(404);
    expect((await download(CANBO, `/task/${taskId}/attachment/${id}/data`)).status).toBe(404);
    const again = await call(CANBO, 'DELETE', `/task/${taskId}/attachment/${id}`);
    expect(again.status).toBe(404);
    expect(again.body.message).toMatch(/Deletion is not possible/);
    const log = await call(
      ADMIN,
      'GET',
      `/history/user-operation?taskId=${taskId}&operationType=DeleteAttachment`,
    );
    expect(log.body).toEqual([expect.objectContaining({ userId: 'canbo', newValue: 'xoá.txt' })]);
    expect((await call(ADMIN, 'GET', '/task/khong-co/attachment')).status).toBe(404);
  });

  it('guards variable data like the variable: nobody outside reads a process instance file', async () => {
    const pi = (await call(ADMIN, 'GET', `/task/${taskId}`)).body.processInstanceId as string;
    const put = await call(ADMIN, 'PUT', `/process-instance/${pi}/variables/hoSo`, {
      type: 'File',
      value: Buffer.from('hồ sơ').toString('base64'),
      valueInfo: { filename: 'ho-so.txt' },
    });
    expect(put.status).toBe(204);
    expect((await call(NGOAI, 'GET', `/process-instance/${pi}/variables/hoSo/data`)).status).toBe(403);
    const vi = (await call(ADMIN, 'GET', `/variable-instance?processInstanceIdIn=${pi}&variableName=hoSo`))
      .body[0];
    expect((await call(NGOAI, 'GET', `/variable-instance/${vi.id}/data`)).status).toBe(403);
    expect((await call(NGOAI, 'GET', `/history/variable-instance/${vi.id}/data`)).status).toBe(403);
    expect((await download(ADMIN, `/variable-instance/${vi.id}/data`)).bytes.toString()).toBe('hồ sơ');
    // The candidate officer reads it through the task he may read.
    expect((await download(CANBO, `/task/${taskId}/variables/hoSo/data`)).bytes.toString()).toBe('hồ sơ');
  });
});
