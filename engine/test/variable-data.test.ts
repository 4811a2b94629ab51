/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies asserted field by field */
/**
 * File and Bytes variables: set as base64 JSON (start, complete, PUT, POST modifications) or as
 * multipart `…/data`, listed without their bytes, served by every `…/data` route with safe
 * download headers, kept per revision in history, bounded by the configured size limit.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, File, Variables } from 'camunda-external-task-client-js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { bpmn, flow, RestClient } from './rest-client.js';

const dialects = await testDatabases();
const LIMIT = 2 * 1024 * 1024;

const fileJson = (bytes: Buffer, filename: string, mimeType = 'text/plain', encoding = 'UTF-8') => ({
  type: 'File',
  value: bytes.toString('base64'),
  valueInfo: { filename, mimeType, encoding },
});

describe.each(dialects)('File and Bytes variables on $dialect', (factory) => {
  let engine: RunningEngine;
  let api: RestClient;
  let drop: () => Promise<void>;

  /** GET returning the raw bytes and the headers. */
  const download = async (path: string) => {
    const res = await fetch(engine.url + path);
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const upload = async (
    path: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
    filename = 'tep.bin',
    type = 'application/octet-stream',
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('data', new Blob([bytes], { type }), filename);
    const res = await fetch(engine.url + path, { method: 'POST', body: form });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
  };
  const start = async (variables: Record<string, unknown> = {}) =>
    (await api.ok(api.post('/process-definition/key/tep/start', { variables }))).id as string;
  const taskOf = async (pi: string) => (await api.ok(api.get(`/task?processInstanceId=${pi}`)))[0] as any;

  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    engine = await startEngine({
      dbUrl: db.url,
      port: 0,
      clock: new TestClock(),
      files: { maxBytes: LIMIT },
    });
    api = new RestClient(engine.url);
    const xml = bpmn(
      'tep',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 't1')}<bpmn:userTask id="t1" />${flow('f2', 't1', 't2')}` +
        `<bpmn:userTask id="t2" />${flow('f3', 't2', 'e')}<bpmn:endEvent id="e" />`,
    );
    expect((await api.deploy({ 'tep.bpmn': xml })).status).toBe(200);
    const worker = bpmn(
      'tepWorker',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'x')}<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="tep.xu-ly" />` +
        `${flow('f2', 'x', 'u')}<bpmn:userTask id="u" />${flow('f3', 'u', 'e')}<bpmn:endEvent id="e" />`,
    );
    expect((await api.deploy({ 'tep-worker.bpmn': worker })).status).toBe(200);
  });
  afterAll(async () => {
    await engine?.close();
    await drop?.();
  });

  it('starts with a File and a Bytes value and lists them without bytes, as Camunda', async () => {
    const text = Buffer.from('Tờ khai đăng ký', 'utf8');
    const raw = Buffer.from([0, 1, 2, 250, 255]);
    const pi = await start({
      f: fileJson(text, 'to-khai.txt'),
      b: { type: 'bytes', value: raw.toString('base64') },
    });
    const vars = await api.ok(api.get(`/process-instance/${pi}/variables`));
    expect(vars.f).toEqual({
      type: 'File',
      value: null,
      valueInfo: { filename: 'to-khai.txt', mimeType: 'text/plain', encoding: 'UTF-8' },
    });
    expect(vars.b).toEqual({ type: 'Bytes', value: null, valueInfo: {} });
    const list = await api.ok(api.get(`/variable-instance?processInstanceIdIn=${pi}`));
    expect(list.find((v: any) => v.name === 'f')).toMatchObject({ type: 'File', value: null });

    const f = await download(`/process-instance/${pi}/variables/f/data`);
    expect(f.status).toBe(200);
    expect(f.bytes.equals(text)).toBe(true);
    expect(f.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(f.headers.get('content-disposition')).toBe(
      `attachment; filename="to-khai.txt"; filename*=UTF-8''to-khai.txt`,
    );
    expect(f.headers.get('x-content-type-options')).toBe('nosniff');
    const b = await download(`/process-instance/${pi}/variables/b/data`);
    expect(b.bytes.equals(raw)).toBe(true);
    expect(b.headers.get('content-type')).toBe('application/octet-stream');
    expect(b.headers.get('content-disposition')).toBe('attachment');
  });

  it('round-trips a file above 1 MiB through JSON and through multipart, byte for byte', async () => {
    const pi = await start();
    const big = randomBytes(1024 * 1024 + 777);
    expect(
      (await api.put(`/process-instance/${pi}/variables/json`, fileJson(big, 'lon.bin', 'application/pdf')))
        .status,
    ).toBe(204);
    const viaJson = await download(`/process-instance/${pi}/variables/json/data`);
    expect(viaJson.bytes.equals(big)).toBe(true);
    expect(viaJson.headers.get('content-type')).toBe('application/pdf;charset=UTF-8');

    const big2 = randomBytes(1536 * 1024);
    const up = await upload(
      `/process-instance/${pi}/variables/multi/data`,
      big2,
      { valueType: 'File' },
      'Bản vẽ.dwg',
      'image/vnd.dwg',
    );
    expect(up.status).toBe(204);
    expect(await api.ok(api.get(`/process-instance/${pi}/variables/multi`))).toEqual({
      type: 'File',
      value: null,
      valueInfo: { filename: 'Bản vẽ.dwg', mimeType: 'image/vnd.dwg' },
    });
    const viaMultipart = await download(`/process-instance/${pi}/variables/multi/data`);
    expect(viaMultipart.bytes.equals(big2)).toBe(true);
    expect(viaMultipart.headers.get('content-disposition')).toBe(
      `attachment; filename="B_n v_.dwg"; filename*=UTF-8''B%E1%BA%A3n%20v%E1%BA%BD.dwg`,
    );
    // Without valueType the upload is Bytes, as Camunda's.
    expect((await upload(`/process-instance/${pi}/variables/raw/data`, Buffer.from('abc'))).status).toBe(204);
    expect((await api.ok(api.get(`/process-instance/${pi}/variables/raw`))).type).toBe('Bytes');
  });

  it('refuses wrong values with Camunda 400s and serves nothing for non-binary variables', async () => {
    const pi = await start({ s: { type: 'String', value: 'văn bản' } });
    const notBase64 = await api.put(`/process-instance/${pi}/variables/x`, {
      type: 'Bytes',
      value: '!!!không',
    });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body).toMatchObject({
      type: 'InvalidRequestException',
      message: expect.stringMatching(/base64/),
    });
    const noName = await api.put(`/process-instance/${pi}/variables/x`, { type: 'File', value: 'aGk=' });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toMatch(/valueInfo/);
    expect(
      (
        await api.put(`/process-instance/${pi}/variables/x`, {
          type: 'File',
          value: 5,
          valueInfo: { filename: 'a' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await upload(`/process-instance/${pi}/variables/x/data`, Buffer.from('a'), { valueType: 'String' }))
        .status,
    ).toBe(400);
    const form = new FormData();
    form.append('valueType', 'File');
    const noData = await fetch(`${engine.url}/process-instance/${pi}/variables/x/data`, {
      method: 'POST',
      body: form,
    });
    expect(noData.status).toBe(400);
    // Nothing was written by the refused calls.
    expect((await api.get(`/process-instance/${pi}/variables/x`)).status).toBe(404);

    const str = await api.get(`/process-instance/${pi}/variables/s/data`);
    expect(str.status).toBe(400);
    expect(str.body.message).toMatch(/not a binary value/);
    expect((await api.get(`/process-instance/${pi}/variables/nope/data`)).status).toBe(404);
    expect((await api.get(`/process-instance/khong-co/variables/s/data`)).status).toBe(404);
  });

  it('refuses a file above the configured limit with a 400, via JSON and via multipart, and commits nothing', async () => {
    const pi = await start();
    const tooBig = randomBytes(LIMIT + 1);
    const viaJson = await api.post(`/process-instance/${pi}/variables`, {
      modifications: { a: { type: 'String', value: 'x' }, big: fileJson(tooBig, 'big.bin') },
    });
    expect(viaJson.status).toBe(400);
    expect(viaJson.body).toMatchObject({
      type: 'InvalidRequestException',
      message: expect.stringMatching(/too large/),
    });
    const viaMultipart = await upload(`/process-instance/${pi}/variables/big/data`, tooBig, {
      valueType: 'File',
    });
    expect(viaMultipart.status).toBe(400);
    expect(viaMultipart.body.type).toBe('InvalidRequestException');
    expect(await api.ok(api.get(`/process-instance/${pi}/variables`))).toEqual({});
  });

  it('lets camunda-external-task-client-js load a File variable and complete with a new File', async () => {
    const input = Buffer.from('Đơn đề nghị cấp chứng chỉ', 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'motcua-file-'));
    writeFileSync(join(dir, 'ket-qua.txt'), 'Chứng chỉ số 01');
    let loaded: Buffer | null = null;
    const client = new Client({
      baseUrl: engine.url,
      workerId: 'tep-worker',
      asyncResponseTimeout: 2000,
      interval: 50,
    });
    try {
      const handled = new Promise<void>((resolve, reject) => {
        client.subscribe('tep.xu-ly', async ({ task, taskService }: any) => {
          try {
            const file = task.variables.get('don');
            await file.load();
            loaded = Buffer.from(file.content);
            const result = new File({
              localPath: join(dir, 'ket-qua.txt'),
              mimetype: 'text/plain',
              encoding: 'utf-8',
            });
            await result.load();
            await taskService.complete(task, new Variables().set('ketQua', result));
            resolve();
          } catch (err) {
            reject(err as Error);
          }
        });
      });
      const pi = (
        await api.ok(
          api.post('/process-definition/key/tepWorker/start', {
            variables: { don: fileJson(input, 'don.txt') },
          }),
        )
      ).id as string;
      await handled;
      expect(loaded!.equals(input)).toBe(true);
      const out = await api.ok(api.get(`/process-instance/${pi}/variables/ketQua`));
      expect(out).toMatchObject({
        type: 'File',
        value: null,
        valueInfo: { filename: 'ket-qua.txt', encoding: 'utf-8' },
      });
      expect((await download(`/process-instance/${pi}/variables/ketQua/data`)).bytes.toString()).toBe(
        'Chứng chỉ số 01',
      );
    } finally {
      client.stop();
    }
  });

  it('serves task, local, execution, variable-instance and history data, each revision its own bytes', async () => {
    const v1 = Buffer.from('phiên bản 1');
    const v2 = Buffer.from('phiên bản 2');
    const pi = await start({ doc: fileJson(v1, 'ban.txt') });
    const task = await taskOf(pi);
    expect((await download(`/task/${task.id}/variables/doc/data`)).bytes.equals(v1)).toBe(true);

    expect(
      (
        await upload(
          `/task/${task.id}/localVariables/rieng/data`,
          Buffer.from('cục bộ'),
          { valueType: 'File' },
          'rieng.txt',
        )
      ).status,
    ).toBe(204);
    expect((await download(`/task/${task.id}/localVariables/rieng/data`)).bytes.toString()).toBe('cục bộ');
    expect((await upload(`/task/${task.id}/variables/tuTask/data`, Buffer.from('từ task'))).status).toBe(204);
    expect((await download(`/process-instance/${pi}/variables/tuTask/data`)).bytes.toString()).toBe(
      'từ task',
    );
    expect(
      (await upload(`/execution/${pi}/localVariables/tuExec/data`, Buffer.from('từ execution'))).status,
    ).toBe(204);
    expect((await download(`/execution/${pi}/localVariables/tuExec/data`)).bytes.toString()).toBe(
      'từ execution',
    );

    // Completing with a new revision of the file.
    expect(
      (await api.post(`/task/${task.id}/complete`, { variables: { doc: fileJson(v2, 'ban-2.txt') } })).status,
    ).toBe(204);
    const vi = (await api.ok(api.get(`/variable-instance?processInstanceIdIn=${pi}&variableName=doc`)))[0];
    expect((await download(`/variable-instance/${vi.id}/data`)).bytes.equals(v2)).toBe(true);

    // The instance ends; history still serves every revision.
    const t2 = await taskOf(pi);
    expect((await api.post(`/task/${t2.id}/complete`, {})).status).toBe(204);
    const hvi = (
      await api.ok(api.get(`/history/variable-instance?processInstanceId=${pi}&variableName=doc`))
    )[0];
    expect(hvi).toMatchObject({ type: 'File', value: null, valueInfo: { filename: 'ban-2.txt' } });
    expect((await download(`/history/variable-instance/${hvi.id}/data`)).bytes.equals(v2)).toBe(true);
    const details = await api.ok(
      api.get(`/history/detail?processInstanceId=${pi}&variableInstanceId=${hvi.id}`),
    );
    const contents = await Promise.all(
      details.map(async (d: any) => (await download(`/history/detail/${d.id}/data`)).bytes.toString()),
    );
    expect(contents.sort()).toEqual(['phiên bản 1', 'phiên bản 2']);
  });
});
