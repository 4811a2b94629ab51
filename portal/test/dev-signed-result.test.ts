/**
 * `npm start` on a machine without any PKCS#11 module, in the portal: the workers sign with the
 * demo start's development software key, a generated procedure is carried to its result, and the
 * applicant downloads a PDF that poppler's pdfsig verifies and names as signed by the development
 * key. The download is never compressed (a PDF, with its own Content-Disposition). SQLite and MariaDB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { DEV_KEY_COMMON_NAME, demoSigningSetup } from '@motcua/engine-workers';
import { PortalClient } from './support/http-client.js';
import { startStack, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';

function pdfsigRuns(): boolean {
  try {
    execFileSync('pdfsig', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    const msg = 'pdfsig (poppler-utils) missing: apt-get install -y poppler-utils';
    if (process.env.CI === 'true') throw new Error(`${msg}: under CI=true no suite may skip.`);
    console.warn(`\n*** SKIPPED: portal development-key signing — ${msg} ***\n`);
    return false;
  }
}

const dialects = pdfsigRuns() ? await testDatabases() : [];
jest.setTimeout(120_000);
const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';

describe.each(dialects)('a stack without a PKCS#11 module on $dialect', (factory) => {
  let stack: Stack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'motcua-devkey-portal-'));
    // What `npm start` decides in demo mode when the module is missing.
    const setup = demoSigningSetup({
      demo: true,
      tokenConfigured: false,
      dataDir,
      modulePath: join(dataDir, 'no-libsofthsm2.so'),
    });
    expect(setup?.kind).toBe('dev-key');
    stack = await startStack(factory, { devSigningKeyDir: setup!.env.SIGNING_DEV_KEY_DIR! });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('carries a generated procedure to its signed result; pdfsig names the development key', async () => {
    const c = await signIn(stack.portal.url, 'congdan');
    const page = await c.get(`/thu-tuc/${KEY}`);
    const res = await c.postJson(
      `/thu-tuc/${KEY}/nop-ho-so`,
      {
        data: {
          fullName: 'Hoàng Văn Thắng',
          citizenId: '001190054321',
          address: 'Số 2 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội',
          phone: '0912345679',
          email: 'thang.hoang@example.vn',
        },
      },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const [pi] = await engineJson<Array<{ id: string }>>(
      stack.engineUrl,
      `/process-instance?businessKey=${id}`,
    );
    for (const [key, variables] of [
      ['UserTask_CheckCompleteness', { complete: { value: true, type: 'Boolean' } }],
      ['UserTask_AppraiseDossier', { recommendation: { value: 'approve', type: 'String' } }],
      ['UserTask_ApproveDossier', { approved: { value: true, type: 'Boolean' } }],
    ] as const) {
      const task = await openTask(stack.engineUrl, pi!.id, key);
      await engineJson(stack.engineUrl, `/task/${task.id}/complete`, {
        method: 'POST',
        body: JSON.stringify({ variables }),
      });
    }
    await until('the returned result', async () =>
      (await c.get(`/ho-so/${id}`)).text.includes('Đã trả kết quả'),
    );
    const pdf = await fetch(`${stack.portal.url}/ho-so/${id}/ket-qua.pdf`, {
      headers: {
        cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'accept-encoding': 'br, gzip',
      },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-encoding')).toBeNull();
    const file = join(dataDir, 'ket-qua.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    let report: string;
    try {
      report = execFileSync('pdfsig', [file], { encoding: 'utf8' });
    } catch (err) {
      report = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain(`Signer Certificate Common Name: ${DEV_KEY_COMMON_NAME}`);
    // No incident anywhere: nothing stalled.
    expect(await engineJson<unknown[]>(stack.engineUrl, `/incident?processInstanceId=${pi!.id}`)).toEqual([]);
  });
});
