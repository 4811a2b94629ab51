/**
 * The officer's records and the legal forms through the portal, against the real engine and
 * workers, on SQLite and MariaDB. A generated procedure with a fee and a consultation of another
 * agency (technology transfer approval, served here although its legal time is not known yet):
 * the desk records the fee paid (DossierPaid), the appraisal officer the agency's reply
 * (AgencyReplied) — each only by the procedure's group for that step, with CSRF, validation,
 * history and audit; the applicant sees both in the history and prints forms 01–03; the leader
 * opens a deadline reminder and marks it seen.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, DossierLifeStore, createPortalStores } from '@motcua/db/portal';
import { loadPublishedCatalogue } from '@motcua/processes';
import { hashPassword } from '../src/auth/passwords.js';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { createTestToken, softhsmAvailable, type DevSigning } from './support/dev-signing.js';
import { DEMO_PASSWORD, startStack, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';

// The approved result is signed before it is returned: the stack needs a token.
const dialects = softhsmAvailable('portal officer-actions tests') ? await testDatabases() : [];
jest.setTimeout(120_000);

const KEY = 'most-chap-thuan-chuyen-giao-cong-nghe';
const application = {
  fullName: 'Lê Văn Cường',
  citizenId: '001090054321',
  address: 'Số 2 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội',
  phone: '0987654321',
  email: 'cuong.le@example.vn',
};

/** Today in Vietnam as dd/mm/yyyy (what an officer types). */
function todayVi(): string {
  const [y, m, d] = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

describe.each(dialects)('officer records and legal forms on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let ds: DataSource;
  let token: DevSigning | undefined;

  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);
  const signedIn = (username: string) => signIn(url, username);
  const taskOf = (pi: string, key: string) => openTask(stack.engineUrl, pi, key);
  const completeTask = async (pi: string, key: string, vars: Record<string, unknown>) => {
    const t = await taskOf(pi, key);
    const variables = Object.fromEntries(
      Object.entries(vars).map(([k, value]) => [
        k,
        { value, type: typeof value === 'boolean' ? 'Boolean' : 'String' },
      ]),
    );
    await engine(`/task/${t.id}/complete`, { method: 'POST', body: JSON.stringify({ variables }) });
  };
  const waitsAt = (pi: string, activityId: string) =>
    until(activityId, async () => {
      const rows = await engine<unknown[]>(
        `/history/activity-instance?processInstanceId=${pi}&activityId=${activityId}&unfinished=true`,
      );
      return rows.length > 0;
    });
  const historyOf = (id: string, kind: string) =>
    until(`history ${kind}`, async () => {
      const h = await new DossierLifeStore(ds).listHistory(id);
      return h.some((e) => e.kind === kind) && h;
    });

  async function submitted(c: PortalClient): Promise<{ id: string; pi: string; code: string }> {
    const page = await c.get(`/thu-tuc/${KEY}`);
    expect(page.status).toBe(200);
    const res = await c.postJson(
      `/thu-tuc/${KEY}/nop-ho-so`,
      { data: application, documents: await documentsFor(c, KEY, page.text) },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id, dossierCode } = res.json<{ id: string; dossierCode: string }>();
    const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
    return { id, pi: pi!.id, code: dossierCode };
  }

  beforeAll(async () => {
    token = createTestToken('portal-officer-actions');
    stack = await startStack(factory, {
      catalogue: loadPublishedCatalogue({ alsoServe: [KEY] }),
      signing: token.signing,
    });
    url = stack.portal.url;
    ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    // An officer whose group has no step in the procedure.
    await createPortalStores(ds).users.upsert({
      id: randomUUID(),
      username: 'canbo-khac',
      displayName: 'Phan Thị Giang',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      role: 'officer',
      groups: ['phong-khac'],
    });
  });
  afterAll(async () => {
    await ds?.destroy();
    await stack?.close();
    token?.remove();
  });

  it('the desk records the fee paid and the appraisal officer the agency reply; the applicant sees both', async () => {
    const applicant = await signedIn('congdan');
    const { id, pi, code } = await submitted(applicant);
    await completeTask(pi, 'UserTask_CheckCompleteness', { complete: true });
    await waitsAt(pi, 'ReceiveTask_AwaitPayment');

    // The desk finds the dossier among those waiting for a record.
    const canbo = await signedIn('canbo');
    const inbox = await canbo.get('/can-bo/cong-viec');
    expect(inbox.text).toContain('Hồ sơ chờ ghi nhận');
    expect(inbox.text).toContain(`/can-bo/ho-so/${id}#le-phi`);
    const page = await canbo.get(`/can-bo/ho-so/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ghi nhận lệ phí đã nộp');
    const csrf = PortalClient.csrfIn(page.text);

    // Who may not: an officer with no step in the procedure (404, as a missing dossier), the
    // leader (403: the fee is the desk's), an applicant (403), a post without the CSRF token.
    const other = await signedIn('canbo-khac');
    expect((await other.get(`/can-bo/ho-so/${id}`)).status).toBe(404);
    const otherCsrf = await other.csrf('/can-bo/cong-viec');
    const fee = { amountVnd: '10.000.000', receiptNo: 'BL-2026/015', paidOn: todayVi() };
    expect((await other.postForm(`/can-bo/ho-so/${id}/le-phi`, { _csrf: otherCsrf, ...fee })).status).toBe(
      404,
    );
    const leader = await signedIn('lanhdao');
    expect((await leader.get(`/can-bo/ho-so/${id}`)).status).toBe(200);
    const leaderCsrf = await leader.csrf(`/can-bo/ho-so/${id}`);
    expect((await leader.postForm(`/can-bo/ho-so/${id}/le-phi`, { _csrf: leaderCsrf, ...fee })).status).toBe(
      403,
    );
    const applicantCsrf = await applicant.csrf(`/ho-so/${id}`);
    expect(
      (await applicant.postForm(`/can-bo/ho-so/${id}/le-phi`, { _csrf: applicantCsrf, ...fee })).status,
    ).toBe(403);
    expect((await canbo.postForm(`/can-bo/ho-so/${id}/le-phi`, fee)).status).toBe(403);

    // Invalid input: Vietnamese messages, the typed values kept, nothing sent.
    const bad = await canbo.postForm(`/can-bo/ho-so/${id}/le-phi`, {
      _csrf: csrf,
      amountVnd: 'mười triệu',
      receiptNo: '',
      paidOn: '31/02/2026',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Số tiền phải là số nguyên dương tính bằng đồng');
    expect(bad.text).toContain('Số biên lai gồm chữ, số');
    expect(bad.text).toContain('Ngày nộp không hợp lệ (dd/mm/yyyy).');
    expect(bad.text).toContain('value="mười triệu"');
    await waitsAt(pi, 'ReceiveTask_AwaitPayment');

    const ok = await canbo.postForm(`/can-bo/ho-so/${id}/le-phi`, { _csrf: csrf, ...fee });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(`/can-bo/ho-so/${id}?xong=le-phi`);
    const vars = await engine<Record<string, { value: unknown; type: string }>>(
      `/process-instance/${pi}/variables`,
    );
    expect(vars.feeVnd).toMatchObject({ value: 10_000_000, type: 'Long' });
    expect(vars.paymentReference?.value).toBe('BL-2026/015');
    expect(vars.paidAt?.type).toBe('Date');
    // Recorded twice: the second finds nothing waiting.
    const again = await canbo.postForm(`/can-bo/ho-so/${id}/le-phi`, { _csrf: csrf, ...fee });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Hồ sơ hiện không chờ nộp phí, lệ phí.');

    // Appraisal asks another agency; the appraisal group records its reply.
    await completeTask(pi, 'UserTask_AppraiseDossier', {
      needsConsultation: true,
      recommendation: 'approve',
    });
    await completeTask(pi, 'UserTask_Consultation', { consultationNote: 'Xin ý kiến Bộ Công Thương' });
    await waitsAt(pi, 'ReceiveTask_AwaitAgencyReply');
    expect((await leader.postForm(`/can-bo/ho-so/${id}/phoi-hop`, { _csrf: leaderCsrf })).status).toBe(403);
    const badReply = await canbo.postForm(`/can-bo/ho-so/${id}/phoi-hop`, {
      _csrf: csrf,
      agency: 'Bộ Công Thương',
      replyText: 'ok',
    });
    expect(badReply.status).toBe(400);
    expect(badReply.text).toContain('Vui lòng nhập nội dung trả lời (từ 5 đến 2000 ký tự).');
    expect(badReply.text).toContain('value="Bộ Công Thương"');
    const reply = await canbo.postForm(`/can-bo/ho-so/${id}/phoi-hop`, {
      _csrf: csrf,
      agency: 'Bộ Công Thương',
      replyText: 'Thống nhất chuyển giao; lưu ý điều kiện nội dung mật.',
    });
    expect(reply.status).toBe(302);
    await taskOf(pi, 'UserTask_ApproveDossier');
    const replyVars = await engine<Record<string, { value: unknown }>>(`/process-instance/${pi}/variables`);
    expect(replyVars.agencyReplyNote?.value).toBe('Thống nhất chuyển giao; lưu ý điều kiện nội dung mật.');

    // The leader approves: processed (9), the result signed, then returned (10).
    await completeTask(pi, 'UserTask_ApproveDossier', { approved: true });
    const history = await historyOf(id, 'result-returned');
    expect(history.map((e) => [e.kind, e.statusCode])).toEqual([
      // The application's five documents, one entry each.
      ...Array.from({ length: 5 }, () => ['document-uploaded', null]),
      ['completeness-check', 1],
      ['accepted', 2],
      ['payment-requested', 6],
      ['paid', null],
      ['in-process', 4],
      ['waiting-other-agency', 4],
      ['agency-replied', null],
      ['in-process', 4],
      ['processed', 9],
      ['result-signed', null],
      ['result-returned', 10],
    ]);

    // The applicant's page: both records in the history, the agency's answer itself not shown.
    const mine = await applicant.get(`/ho-so/${id}`);
    expect(mine.text).toContain(
      `Đã nộp phí, lệ phí: 10.000.000 đồng, biên lai số BL-2026/015, ngày ${fee.paidOn}.`,
    );
    expect(mine.text).toContain('Cơ quan phối hợp (Bộ Công Thương) đã có ý kiến');
    expect(mine.text).not.toContain('nội dung mật');
    expect(mine.text).toContain(`/ho-so/${id}/in/01`);
    const slip = await applicant.get(`/ho-so/${id}/in/01`);
    expect(slip.status).toBe(200);
    expect(slip.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(slip.text).toContain(code);
    expect(slip.text).toContain('Lê Văn Cường');
    expect(slip.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(slip.text).toMatch(/Thời gian nhận hồ sơ: \d\d:\d\d \d\d\/\d\d\/\d{4}/);
    // Not issued for this dossier, and not another applicant's.
    expect((await applicant.get(`/ho-so/${id}/in/03`)).status).toBe(404);
    expect((await applicant.get(`/ho-so/${id}/in/99`)).status).toBe(404);
    expect((await (await signedIn('congdan2')).get(`/ho-so/${id}/in/01`)).status).toBe(404);
    expect((await other.get(`/can-bo/ho-so/${id}/in/01`)).status).toBe(404);
    expect((await canbo.get(`/can-bo/ho-so/${id}/in/01`)).status).toBe(200);

    const audit = await new AuditStore(ds).list({
      actions: [
        'dossier.payment-recorded',
        'dossier.payment-rejected',
        'dossier.agency-reply-recorded',
        'dossier.agency-reply-rejected',
      ],
    });
    expect(
      audit
        .filter((a) => a.target === id)
        .map((a) => a.action)
        .sort(),
    ).toEqual([
      'dossier.agency-reply-recorded',
      'dossier.agency-reply-rejected',
      'dossier.payment-recorded',
      'dossier.payment-rejected',
    ]);
    const denied = await new AuditStore(ds).list({ action: 'access.denied' });
    expect(denied.filter((a) => a.target === `dossier:${id}`).length).toBeGreaterThanOrEqual(3);
  });

  it('prints the request to supplement (02) and the refusal (03) with the desk reasons', async () => {
    const applicant = await signedIn('congdan');
    const first = await submitted(applicant);
    await completeTask(first.pi, 'UserTask_CheckCompleteness', {
      complete: false,
      requestSupplement: true,
      completenessNote: 'Thiếu hợp đồng chuyển giao công nghệ bản dịch công chứng.',
    });
    await historyOf(first.id, 'supplement-requested');
    const form02 = await applicant.get(`/ho-so/${first.id}/in/02`);
    expect(form02.status).toBe(200);
    expect(form02.text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(form02.text).toContain('Thiếu hợp đồng chuyển giao công nghệ bản dịch công chứng.');
    expect((await applicant.get(`/ho-so/${first.id}/in/01`)).status).toBe(404);

    const second = await submitted(applicant);
    await completeTask(second.pi, 'UserTask_CheckCompleteness', {
      complete: false,
      completenessNote: 'Công nghệ thuộc danh mục cấm chuyển giao.',
    });
    await historyOf(second.id, 'not-accepted');
    const form03 = await applicant.get(`/ho-so/${second.id}/in/03`);
    expect(form03.status).toBe(200);
    expect(form03.text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(form03.text).toContain('Công nghệ thuộc danh mục cấm chuyển giao.');
  });

  it('the leader opens a deadline reminder, sees the due date and marks it seen (once, audited)', async () => {
    const applicant = await signedIn('congdan');
    const { id, pi, code } = await submitted(applicant);
    const life = new DossierLifeStore(ds);
    await life.addNotification({
      eventKey: `test-reminder:${pi}`,
      recipientGroup: 'lanh-dao',
      dossierId: id,
      processInstanceId: pi,
      dossierCode: code,
      kind: 'deadline-approaching',
      textVi: `Hồ sơ ${code} sắp đến hạn trả kết quả.`,
      dueDate: '2026-12-31',
      createdAt: new Date(),
    });
    const [n] = (await life.listNotifications(['lanh-dao'])).filter((x) => x.dossierId === id);
    const leader = await signedIn('lanhdao');
    const inbox = await leader.get('/can-bo/cong-viec');
    expect(inbox.text).toContain(`/can-bo/nhac-han/${n!.id}`);
    const page = await leader.get(`/can-bo/nhac-han/${n!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('31/12/2026');
    expect(page.text).toContain(`/can-bo/ho-so/${id}`);
    expect(page.text).toContain('Đánh dấu đã xem');
    // Not the desk's reminder: 404; no CSRF token: 403.
    expect((await (await signedIn('canbo')).get(`/can-bo/nhac-han/${n!.id}`)).status).toBe(404);
    expect((await leader.postForm(`/can-bo/nhac-han/${n!.id}/da-xem`, {})).status).toBe(403);
    const csrf = PortalClient.csrfIn(page.text);
    expect((await leader.postForm(`/can-bo/nhac-han/${n!.id}/da-xem`, { _csrf: csrf })).status).toBe(302);
    expect((await leader.postForm(`/can-bo/nhac-han/${n!.id}/da-xem`, { _csrf: csrf })).status).toBe(302);
    expect((await leader.get(`/can-bo/nhac-han/${n!.id}`)).text).toContain('Đã xem lúc');
    const seen = await new AuditStore(ds).list({ action: 'reminder.seen' });
    expect(seen.filter((a) => a.target === `notification:${n!.id}`)).toHaveLength(1);
  });
});
