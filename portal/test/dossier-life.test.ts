/**
 * The generated dossier life through the portal, against the real engine and workers, on SQLite
 * and MariaDB: a generated procedure is published and deployed at start; the desk asks for a
 * supplement (form 02); the applicant sees the reasons and answers online (bad input keeps what
 * was saved); the process resumes its clock; the applicant withdraws; the history records each
 * status with its national code; another applicant can do none of it; the leader sees reminders.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, DossierLifeStore, DossierStore } from '@motcua/db/portal';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { startStack, validApplication, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';

const dialects = await testDatabases();
jest.setTimeout(120_000);

// A generated procedure the processes package marks publishable (5 working days, standard life).
const KEY = 'most-khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te';
const application = {
  fullName: 'Trần Thị Bình',
  citizenId: '001190012345',
  address: 'Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội',
  phone: '0912345678',
  email: 'binh.tran@example.vn',
};

describe.each(dialects)('dossier life in the portal on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let ds: DataSource;

  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);
  const signedIn = (username: string) => signIn(url, username);
  const taskOf = (pi: string, key: string) => openTask(stack.engineUrl, pi, key);
  const pageShowing = (c: PortalClient, path: string, text: string) =>
    until(`"${text}" on ${path}`, async () => {
      const page = (await c.get(path)).text;
      return page.includes(text) && page;
    });

  async function submitted(c: PortalClient): Promise<{ id: string; pi: string }> {
    const page = await c.get(`/thu-tuc/${KEY}`);
    expect(page.status).toBe(200);
    const res = await c.postJson(
      `/thu-tuc/${KEY}/nop-ho-so`,
      { data: application },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
    return { id, pi: pi!.id };
  }

  async function supplementRequested(pi: string, note: string): Promise<void> {
    const check = await taskOf(pi, 'UserTask_CheckCompleteness');
    await engine(`/task/${check.id}/complete`, {
      method: 'POST',
      body: JSON.stringify({
        variables: {
          complete: { value: false, type: 'Boolean' },
          requestSupplement: { value: true, type: 'Boolean' },
          completenessNote: { value: note, type: 'String' },
        },
      }),
    });
  }

  beforeAll(async () => {
    stack = await startStack(factory);
    url = stack.portal.url;
    ds = await openDatabase({ url: stack.dbUrl, migrate: false });
  });
  afterAll(async () => {
    await ds?.destroy();
    await stack?.close();
  });

  it('publishes the generated procedure: listed, deployed, applied for, received with its dates', async () => {
    const list = await (await fetch(`${url}/api/procedures`)).json();
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ key: KEY, code: '2.002131' })]));
    const c = await signedIn('congdan');
    const { pi } = await submitted(c);
    await taskOf(pi, 'UserTask_CheckCompleteness');
    const vars = await engine<Record<string, { value: unknown }>>(`/process-instance/${pi}/variables`);
    expect(vars.dossierCode?.value).toMatch(/^[A-Z0-9.]+-\d{6}-\d{5}$/);
    expect(vars.appointmentDate?.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The officer inbox shows the task's due date (the appointment date here) as dd/mm/yyyy.
    const [y, m, d] = String(vars.appointmentDate!.value).split('-');
    const inbox = await (await signedIn('canbo')).get('/can-bo/cong-viec');
    const row = inbox.text.split('<tr').find((r) => r.includes(String(vars.dossierCode!.value)));
    expect(row).toContain(`${d}/${m}/${y}`);
    expect(row).not.toContain('Quá hạn');
  });

  it('a generated procedure without a national code takes dossiers under its catalogue id', async () => {
    const key = 'most-gia-han-giay-phep-tien-hanh-cong-viec-buc-xa-su-5e7de3';
    const c = await signedIn('congdan');
    const page = await c.get(`/thu-tuc/${key}`);
    expect(page.status).toBe(200);
    const res = await c.postJson(
      `/thu-tuc/${key}/nop-ho-so`,
      { data: application },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const dossier = (await new DossierStore(ds).findById(id))!;
    expect(dossier.procedureCode.length).toBeGreaterThan(50);
    const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
    await taskOf(pi!.id, 'UserTask_CheckCompleteness');
    const vars = await engine<Record<string, { value: unknown }>>(`/process-instance/${pi!.id}/variables`);
    expect(vars.dossierCode?.value).toMatch(/^BKHCN-\d{6}-\d{5}$/); // the placeholder unit code
  });

  it('a supplement round: reasons shown, bad input keeps the saved data, the answer resumes the process', async () => {
    const c = await signedIn('congdan');
    const { id, pi } = await submitted(c);
    await supplementRequested(pi, 'Thiếu bản sao giấy chứng nhận đào tạo an toàn bức xạ.');

    const page = await pageShowing(c, `/ho-so/${id}`, 'Yêu cầu bổ sung, hoàn thiện hồ sơ');
    expect(page).toContain('Thiếu bản sao giấy chứng nhận đào tạo an toàn bức xạ.');
    expect(page).toContain('Yêu cầu bổ sung giấy tờ'); // national status 5
    const csrf = PortalClient.csrfIn(page);

    // Without the CSRF token: refused.
    expect((await c.postJson(`/ho-so/${id}/bo-sung`, { data: application })).status).toBe(403);

    // Invalid: the note is missing and the ID number is malformed → Vietnamese errors, nothing changes.
    const bad = await c.postJson(
      `/ho-so/${id}/bo-sung`,
      { data: { ...application, citizenId: '12', supplementNote: '' } },
      csrf,
    );
    expect(bad.status).toBe(400);
    const body = bad.json<{ message: string; errors: Array<{ field: string; message: string }> }>();
    expect(body.message).toBe('Hồ sơ chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['citizenId', 'supplementNote']);
    const dossiers = new DossierStore(ds);
    expect((await dossiers.findById(id))!.submittedData).toMatchObject({ citizenId: '001190012345' });
    expect(await engine(`/task?processInstanceId=${pi}`)).toEqual([]);

    // Valid: the message reaches the waiting process, the changed data is saved.
    const ok = await c.postJson(
      `/ho-so/${id}/bo-sung`,
      {
        data: { ...application, phone: '0987654321', supplementNote: 'Đã bổ sung bản sao giấy chứng nhận.' },
      },
      csrf,
    );
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ redirect: `/ho-so/${id}?xong=bo-sung` });
    await taskOf(pi, 'UserTask_CheckCompleteness');
    expect((await dossiers.findById(id))!.submittedData).toMatchObject({
      phone: '0987654321',
      citizenId: '001190012345',
    });
    const vars = await engine<Record<string, { value: unknown }>>(`/process-instance/${pi}/variables`);
    expect(vars.supplementNote?.value).toBe('Đã bổ sung bản sao giấy chứng nhận.');
    expect(vars.pausedWorkingDays?.value).toBe(0); // supplemented the same day: nothing to add

    // A second answer finds nothing waiting: a readable conflict, not an engine error.
    const again = await c.postJson(
      `/ho-so/${id}/bo-sung`,
      { data: { ...application, supplementNote: 'Lần nữa' } },
      csrf,
    );
    expect(again.status).toBe(409);
    expect(again.json<{ message: string }>().message).toContain('không ở trạng thái chờ bổ sung');

    // The history: the status changes read from the engine, the applicant's answer, the clock.
    const history = await until('the history', async () => {
      const h = await new DossierLifeStore(ds).listHistory(id);
      return (
        h.some((e) => e.kind === 'supplement-requested') && h.some((e) => e.kind === 'clock-resumed') && h
      );
    });
    const kinds = history.map((e) => [e.kind, e.statusCode]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['completeness-check', 1],
        ['supplement-requested', 5],
        ['supplemented', 1],
        ['clock-resumed', null],
      ]),
    );
    const shown = await pageShowing(c, `/ho-so/${id}`, 'Lịch sử hồ sơ');
    expect(shown).toContain('Tổ chức, cá nhân đã bổ sung, hoàn thiện hồ sơ trực tuyến.');
    const audit = await new AuditStore(ds).list({
      actions: ['dossier.supplement', 'dossier.supplement-rejected'],
    });
    expect(audit.filter((a) => a.target === id).map((a) => a.action)).toEqual([
      'dossier.supplement',
      'dossier.supplement-rejected',
    ]);
  });

  it('another applicant can neither see, supplement nor withdraw the dossier (404, audited)', async () => {
    const owner = await signedIn('congdan');
    const { id, pi } = await submitted(owner);
    await supplementRequested(pi, 'Thiếu ảnh.');
    const other = await signedIn('congdan2');
    const csrf = PortalClient.csrfIn((await other.get('/ho-so-cua-toi')).text);
    expect((await other.get(`/ho-so/${id}`)).status).toBe(404);
    expect((await other.get(`/ho-so/${id}/rut`)).status).toBe(404);
    const sup = await other.postJson(
      `/ho-so/${id}/bo-sung`,
      { data: { ...application, supplementNote: 'x' } },
      csrf,
    );
    expect(sup.status).toBe(404);
    const wd = await other.postForm(`/ho-so/${id}/rut`, {
      _csrf: csrf,
      reason: 'Không muốn nữa',
      confirm: 'yes',
    });
    expect(wd.status).toBe(404);
    // The process still waits for the owner's supplement.
    const waiting = await engine<Array<{ activityId: string }>>(
      `/history/activity-instance?processInstanceId=${pi}&activityId=IntermediateCatchEvent_DossierSupplemented`,
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ endTime: null });
    const denied = await new AuditStore(ds).list({ action: 'access.denied' });
    expect(denied.filter((a) => a.target === `dossier:${id}`).length).toBeGreaterThanOrEqual(3);
  });

  it('withdrawal: confirmation and reason required, then the process ends withdrawn (status 7)', async () => {
    const c = await signedIn('congdan');
    const { id, pi } = await submitted(c);
    await taskOf(pi, 'UserTask_CheckCompleteness');
    const form = await c.get(`/ho-so/${id}/rut`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Xác nhận rút hồ sơ');
    const csrf = PortalClient.csrfIn(form.text);

    // Without the CSRF token: refused, nothing sent to the engine.
    const forged = await c.postForm(`/ho-so/${id}/rut`, { reason: 'Nộp nhầm thủ tục', confirm: 'yes' });
    expect(forged.status).toBe(403);
    expect(await engine(`/process-instance?businessKey=${id}`)).toHaveLength(1);
    const unconfirmed = await c.postForm(`/ho-so/${id}/rut`, { _csrf: csrf, reason: 'Nộp nhầm thủ tục' });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain('Vui lòng đánh dấu ô xác nhận để rút hồ sơ.');
    expect(unconfirmed.text).toContain('Nộp nhầm thủ tục'); // the reason is kept
    const noReason = await c.postForm(`/ho-so/${id}/rut`, { _csrf: csrf, reason: ' ', confirm: 'yes' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Vui lòng nêu lý do rút hồ sơ');
    expect(await engine(`/process-instance?businessKey=${id}`)).toHaveLength(1);

    const done = await c.postForm(`/ho-so/${id}/rut`, {
      _csrf: csrf,
      reason: 'Nộp nhầm thủ tục',
      confirm: 'yes',
    });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe(`/ho-so/${id}?xong=rut`);
    const ended = await engine<Array<{ activityId: string }>>(
      `/history/activity-instance?processInstanceId=${pi}&activityId=EndEvent_Withdrawn`,
    );
    expect(ended).toHaveLength(1);
    const page = await pageShowing(c, `/ho-so/${id}`, 'Hồ sơ đã được rút theo yêu cầu');
    expect(page).toContain('Công dân yêu cầu rút hồ sơ'); // national status 7
    expect(page).not.toContain(`/ho-so/${id}/rut"`); // no second withdrawal offered
    const history = await new DossierLifeStore(ds).listHistory(id);
    expect(history.map((e) => [e.kind, e.statusCode])).toEqual(
      expect.arrayContaining([
        ['withdraw-requested', null],
        ['withdrawn', 7],
      ]),
    );
    const audit = await new AuditStore(ds).list({ action: 'dossier.withdraw' });
    expect(audit.find((a) => a.target === id)?.detail).toEqual({ reason: 'Nộp nhầm thủ tục' });
  });

  it('the applicant sees the apology letter (form 04) and the new appointment date', async () => {
    const c = await signedIn('congdan');
    const { id, pi } = await submitted(c);
    await new DossierLifeStore(ds).addDocument({
      eventKey: `apology:${pi}`,
      dossierId: id,
      processInstanceId: pi,
      kind: 'apology-letter',
      formNo: '04',
      titleVi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      body: 'Cơ quan xin lỗi ông/bà vì sự chậm trễ này.',
      newAppointmentDate: '2026-12-24',
      createdAt: new Date(),
    });
    const page = (await c.get(`/ho-so/${id}`)).text;
    expect(page).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    expect(page).toContain('(mẫu 04)');
    expect(page).toMatch(/Ngày hẹn trả kết quả mới:\s*<span class="new-appointment">24\/12\/2026<\/span>/);
    // Not to another applicant.
    expect((await (await signedIn('congdan2')).get(`/ho-so/${id}`)).text).not.toContain('Phiếu xin lỗi');
  });

  it('offers no withdrawal for the hand-modelled skeleton procedure, whose process has no withdrawal', async () => {
    const c = await signedIn('congdan');
    const page = await c.get('/thu-tuc/most-chung-chi-nhan-vien-buc-xa');
    const res = await c.postJson(
      '/thu-tuc/most-chung-chi-nhan-vien-buc-xa/nop-ho-so',
      {
        data: validApplication(),
        documents: await documentsFor(c, 'most-chung-chi-nhan-vien-buc-xa', page.text),
      },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const shown = await c.get(`/ho-so/${id}`);
    expect(shown.text).not.toContain(`/ho-so/${id}/rut`);
    const tried = await c.postForm(`/ho-so/${id}/rut`, {
      _csrf: PortalClient.csrfIn(shown.text),
      reason: 'Nộp nhầm thủ tục',
      confirm: 'yes',
    });
    expect(tried.status).toBe(409);
    expect(tried.text).toContain('Không rút được hồ sơ');
  });

  it('the leader sees the deadline reminders of the leader group; officers do not', async () => {
    await new DossierLifeStore(ds).addNotification({
      eventKey: 'escalate:test-pi',
      recipientGroup: 'lanh-dao',
      dossierId: 'test-dossier',
      dossierCode: 'G13.ATBXHN-261127-00099',
      kind: 'deadline-approaching',
      textVi:
        'Hồ sơ G13.ATBXHN-261127-00099 sắp đến hạn trả kết quả ngày 04/12/2026 và chưa giải quyết xong.',
      dueDate: '2026-12-04',
      createdAt: new Date(),
    });
    const leader = await (await signedIn('lanhdao')).get('/can-bo/cong-viec');
    expect(leader.text).toContain('Nhắc hạn xử lý hồ sơ');
    expect(leader.text).toContain('G13.ATBXHN-261127-00099 sắp đến hạn trả kết quả ngày 04/12/2026');
    const officer = await (await signedIn('canbo')).get('/can-bo/cong-viec');
    expect(officer.text).not.toContain('G13.ATBXHN-261127-00099');
  });
});
