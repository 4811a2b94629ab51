/**
 * The signed electronic result in the portal, against the real engine and workers with a real
 * SoftHSM2 token, on SQLite and MariaDB: a generated procedure is approved, the signing worker
 * signs the result, and the applicant's dossier page offers it; the download is the PAdES PDF
 * (valid for our check), 404 before it exists and for another applicant.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { verifyPdfSignature } from '@motcua/engine-workers';
import { PortalClient } from './support/http-client.js';
import { createTestToken, softhsmAvailable, type DevSigning } from './support/dev-signing.js';
import { startStack, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';

const dialects = softhsmAvailable('portal signed-result tests') ? await testDatabases() : [];
jest.setTimeout(120_000);

const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const application = {
  fullName: 'Hoàng Văn Thắng',
  citizenId: '001190054321',
  address: 'Số 2 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội',
  phone: '0912345679',
  email: 'thang.hoang@example.vn',
};

describe.each(dialects)('the signed result in the portal on $dialect', (factory) => {
  let stack: Stack;
  let token: DevSigning | undefined;
  let url: string;

  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);
  const complete = async (pi: string, key: string, variables: Record<string, unknown>) => {
    const task = await openTask(stack.engineUrl, pi, key);
    await engine(`/task/${task.id}/complete`, { method: 'POST', body: JSON.stringify({ variables }) });
  };
  const signedIn = (username: string) => signIn(url, username);
  /** The download, as bytes (the test client reads text). */
  const download = (c: PortalClient, path: string) =>
    fetch(url + path, {
      redirect: 'manual',
      headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });

  beforeAll(async () => {
    token = createTestToken('portal-test');
    stack = await startStack(factory, { signing: token.signing });
    url = stack.portal.url;
  });
  afterAll(async () => {
    await stack?.close();
    token?.remove();
  });

  it('offers the applicant the signed PDF once the result is signed, and nobody else', async () => {
    const c = await signedIn('congdan');
    const page = await c.get(`/thu-tuc/${KEY}`);
    const res = await c.postJson(
      `/thu-tuc/${KEY}/nop-ho-so`,
      { data: application },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);

    // Not signed yet: nothing to download.
    expect((await download(c, `/ho-so/${id}/ket-qua.pdf`)).status).toBe(404);

    await complete(pi!.id, 'UserTask_CheckCompleteness', { complete: { value: true, type: 'Boolean' } });
    await complete(pi!.id, 'UserTask_AppraiseDossier', {
      recommendation: { value: 'approve', type: 'String' },
    });
    await complete(pi!.id, 'UserTask_ApproveDossier', { approved: { value: true, type: 'Boolean' } });
    const dossierPage = await until('the signed result on the dossier page', async () => {
      const p = (await c.get(`/ho-so/${id}`)).text;
      return p.includes('data-kind="signed-result"') && p;
    });
    expect(dossierPage).toContain(`href="/ho-so/${id}/ket-qua.pdf"`);
    expect(dossierPage).toContain('Tải kết quả điện tử đã ký số (PDF)');

    const pdf = await download(c, `/ho-so/${id}/ket-qua.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="ket-qua-[A-Z0-9-]+\.pdf"/);
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(verifyPdfSignature(bytes)).toMatchObject({ valid: true, subFilter: 'ETSI.CAdES.detached' });
    expect(verifyPdfSignature(bytes).subject).toContain('CN=motcua portal test signer');

    // Another applicant gets exactly what a missing dossier gives.
    const other = await signedIn('congdan2');
    expect((await download(other, `/ho-so/${id}/ket-qua.pdf`)).status).toBe(404);
    // Not signed in: no file.
    expect((await download(new PortalClient(url), `/ho-so/${id}/ket-qua.pdf`)).status).not.toBe(200);
  });
});
