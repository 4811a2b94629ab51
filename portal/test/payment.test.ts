/**
 * Online fee payment against the VNPay emulator over real HTTP, with the real engine, workers and
 * portal, on SQLite and MariaDB. A generated procedure with a fixed fee (technology transfer
 * approval, 10 000 000 đồng from its DMN fee table): the applicant pays on the gateway's page; the
 * IPN — the only source of truth — confirms once however often it comes; the process moves on
 * (`DossierPaid` through the engine's REST API); the receipt PDF; every IPN answer code; a cancel
 * and a new attempt; the reconciliation finding a payment whose IPN never came, once, and
 * changing nothing while the gateway answers 500 or times out; a request's timer in the process
 * (engine TestClock, due jobs run by hand) expiring it, the applicant paying again, and a late
 * IPN of an expired request settled once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { openDatabase, type DataSource } from '@motcua/db';
import { AuditStore, DossierLifeStore, PaymentStore } from '@motcua/db/portal';
import { VnpayEmulator, vnpayEmulatorSign } from '@motcua/emulators';
import { loadPublishedCatalogue } from '@motcua/processes';
import { TestClock } from '@motcua/engine';
import { documentsFor } from './support/documents.js';
import { PortalClient } from './support/http-client.js';
import { startStack, type Stack } from './support/stack.js';
import { engineJson, openTask, signIn, until } from './support/stack-calls.js';

const dialects = await testDatabases();
jest.setTimeout(180_000);

const KEY = 'most-chap-thuan-chuyen-giao-cong-nghe';
const FEE = 10_000_000;
const TMN = 'TESTTMN1';
const SECRET = 'bi-mat-cua-dau-cuoi-thu-nghiem';
const application = {
  fullName: 'Lê Văn Cường',
  citizenId: '001090054321',
  address: 'Số 2 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội',
  phone: '0987654321',
  email: 'cuong.le@example.vn',
};

describe.each(dialects)('online fee payment (VNPay) on $dialect', (factory) => {
  let stack: Stack;
  let url: string;
  let ds: DataSource;
  let gateway: VnpayEmulator;
  let closeGateway: () => Promise<void>;
  let gatewayOrigin: string;
  let applicant: PortalClient;
  // Time moves by the engine's clock (job executor off; due timers run by `stack.runDueJobs()`).
  const clock = new TestClock(new Date());

  const engine = <T>(path: string, init?: RequestInit) => engineJson<T>(stack.engineUrl, path, init);
  const payments = () => new PaymentStore(ds);
  const waitsAt = (pi: string, activityId: string) =>
    until(activityId, async () => {
      const rows = await engine<unknown[]>(
        `/history/activity-instance?processInstanceId=${pi}&activityId=${activityId}&unfinished=true`,
      );
      return rows.length > 0;
    });
  const paidEvents = async (id: string) =>
    (await new DossierLifeStore(ds).listHistory(id)).filter((e) => e.kind === 'paid');
  const audits = (action: string) => new AuditStore(ds).list({ action }, 1000);

  /** Applies, and the desk finds the dossier complete: it waits for the fee. */
  async function awaitingFee(): Promise<{ id: string; pi: string }> {
    const page = await applicant.get(`/thu-tuc/${KEY}`);
    const res = await applicant.postJson(
      `/thu-tuc/${KEY}/nop-ho-so`,
      { data: application, documents: await documentsFor(applicant, KEY, page.text) },
      PortalClient.csrfIn(page.text),
    );
    expect(res.status).toBe(201);
    const { id } = res.json<{ id: string }>();
    const [pi] = await engine<Array<{ id: string }>>(`/process-instance?businessKey=${id}`);
    const task = await openTask(stack.engineUrl, pi!.id, 'UserTask_CheckCompleteness');
    await engine(`/task/${task.id}/complete`, {
      method: 'POST',
      body: JSON.stringify({ variables: { complete: { value: true, type: 'Boolean' } } }),
    });
    await waitsAt(pi!.id, 'ReceiveTask_AwaitPayment');
    return { id, pi: pi!.id };
  }

  /** "Nộp lệ phí trực tuyến": the portal's 303 to the gateway's signed page. */
  async function startPayment(id: string): Promise<URL> {
    const page = await applicant.get(`/ho-so/${id}`);
    const res = await applicant.postForm(`/ho-so/${id}/thanh-toan`, {
      _csrf: PortalClient.csrfIn(page.text),
    });
    expect(res.status).toBe(303);
    return new URL(res.headers.get('location')!);
  }

  /** The tester on the gateway's page: pays or cancels → where the browser is sent back. */
  async function onGatewayPage(payUrl: URL, action: 'thanh-toan' | 'huy'): Promise<URL> {
    const page = await fetch(payUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    const session = /name="phien" value="([0-9a-f]+)"/.exec(html)![1]!;
    const res = await fetch(new URL('/paymentv2/xac-nhan', payUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phien: session, 'hanh-dong': action, bank: 'NCB' }).toString(),
    });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  const ipn = async (params: Record<string, string>) => {
    const q = new URLSearchParams(params).toString();
    const res = await fetch(`${url}/api/thanh-toan/vnpay/ipn?${q}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { RspCode: string; Message: string };
  };
  const signed = (params: Record<string, string>) => ({
    ...params,
    vnp_SecureHash: vnpayEmulatorSign(params, SECRET),
  });

  beforeAll(async () => {
    gateway = new VnpayEmulator({ tmnCode: TMN, hashSecret: SECRET, clock: () => clock.now() });
    const g = await gateway.listen(0);
    closeGateway = g.close;
    gatewayOrigin = new URL(g.url).origin;
    stack = await startStack(factory, {
      catalogue: loadPublishedCatalogue({ alsoServe: [KEY] }),
      payment: {
        mode: 'vnpay',
        tmnCode: TMN,
        hashSecret: SECRET,
        paymentUrl: `${g.url}/paymentv2/vpcpay.html`,
        queryUrl: `${g.url}/merchant_webapi/api/transaction`,
        requestMinutes: 15,
        reconcileSeconds: 86_400,
        queryTimeoutMs: 500,
      },
      clock,
    });
    url = stack.portal.url;
    gateway.ipnUrl = `${url}/api/thanh-toan/vnpay/ipn`;
    ds = await openDatabase({ url: stack.dbUrl, migrate: false });
    applicant = await signIn(url, 'congdan');
  });
  afterAll(async () => {
    await ds?.destroy();
    await stack?.close();
    await closeGateway?.();
  });

  it('the applicant pays on the gateway; the IPN sent twice confirms once; the dossier moves on; the receipt', async () => {
    const { id, pi } = await awaitingFee();
    const dossierPage = await applicant.get(`/ho-so/${id}`);
    expect(dossierPage.text).toContain('Nộp lệ phí trực tuyến');
    expect(dossierPage.text).toContain('10.000.000 đồng');
    expect(dossierPage.text).toContain('Mười triệu đồng');
    // The pay form is redirected to the gateway: its origin is allowed as a form target.
    expect(dossierPage.headers.get('content-security-policy')).toContain(
      `form-action 'self' ${gatewayOrigin}`,
    );

    const payUrl = await startPayment(id);
    expect(payUrl.searchParams.get('vnp_Amount')).toBe(String(FEE * 100));
    expect(payUrl.searchParams.get('vnp_TmnCode')).toBe(TMN);
    const txnRef = payUrl.searchParams.get('vnp_TxnRef')!;
    expect(payUrl.searchParams.get('vnp_ReturnUrl')).toBe(`${url}/thanh-toan/vnpay/ket-qua`);
    // Our signature is checked by the emulator's own implementation of VNPay's rule.
    const params = Object.fromEntries(payUrl.searchParams);
    expect(params.vnp_SecureHash).toBe(vnpayEmulatorSign(params, SECRET));

    gateway.faults = { ipnTimes: 2 };
    const back = await onGatewayPage(payUrl, 'thanh-toan');
    gateway.faults = {};
    expect(back.origin + back.pathname).toBe(`${url}/thanh-toan/vnpay/ket-qua`);
    const answers = gateway.ipnCalls.filter((c) => c.txnRef === txnRef).map((c) => c.body);
    expect(answers).toEqual([
      { RspCode: '00', Message: 'Confirm Success' },
      { RspCode: '02', Message: 'Order already confirmed' },
    ]);

    const result = await applicant.get(back.pathname + back.search);
    expect(result.status).toBe(200);
    expect(result.text).toContain('Thanh toán thành công');
    expect(result.text).toContain(`/ho-so/${id}/bien-lai/${txnRef}.pdf`);

    // The process received the payment once and moved on to the appraisal.
    await openTask(stack.engineUrl, pi, 'UserTask_AppraiseDossier');
    const vars = await engine<Record<string, { value: unknown }>>(`/process-instance/${pi}/variables`);
    expect(vars.paidOnline!.value).toBe(true);
    expect(vars.paymentReference!.value).toBe(txnRef);
    expect(vars.feeVnd!.value).toBe(FEE);
    const attempt = (await payments().findByTxnRef(txnRef))!;
    expect(attempt).toMatchObject({ status: 'paid', confirmedBy: 'ipn', amountVnd: FEE });
    expect(attempt.settledAt).not.toBeNull();
    expect(attempt.gatewayTransactionNo).toMatch(/^\d+$/);
    expect([...(await payments().paidOnline([id])).keys()]).toEqual([id]);
    const paid = await paidEvents(id);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.textVi).toContain('Đã thanh toán trực tuyến');
    expect(paid[0]!.detail).toMatchObject({ channel: 'online', txnRef, amountVnd: FEE, delivered: true });

    // A replayed IPN changes nothing.
    const replay = Object.fromEntries(
      new URL(gateway.ipnCalls.find((c) => c.txnRef === txnRef)!.url).searchParams,
    );
    expect(await ipn(replay)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(await paidEvents(id)).toHaveLength(1);
    expect(
      (await audits('payment.confirmed')).filter((a) => (a.detail as { txnRef?: string }).txnRef === txnRef),
    ).toHaveLength(1);

    // The electronic receipt, with the amount in words.
    const receipt = await fetch(`${url}/ho-so/${id}/bien-lai/${txnRef}.pdf`, {
      headers: { cookie: [...applicant.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'motcua-receipt-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), Buffer.from(await receipt.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
      expect(text).toContain('Mười triệu đồng');
      expect(text).toContain('10.000.000 đồng');
      expect(text).toContain('Lê Văn Cường');
      expect(text).toContain(txnRef);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Someone else's receipt is a 404.
    const other = await signIn(url, 'congdan3');
    expect((await other.get(`/ho-so/${id}/bien-lai/${txnRef}.pdf`)).status).toBe(404);
  });

  it('answers every IPN contract code and refuses forged, unknown and wrong-amount calls, audited', async () => {
    const { id } = await awaitingFee();
    const payUrl = await startPayment(id);
    const txnRef = payUrl.searchParams.get('vnp_TxnRef')!;
    const base = {
      vnp_Amount: String(FEE * 100),
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: 'Nop le phi',
      vnp_PayDate: '20261207100000',
      vnp_ResponseCode: '00',
      vnp_TmnCode: TMN,
      vnp_TransactionNo: '99000001',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: txnRef,
    };
    const refusedBefore = (await audits('payment.callback-refused')).length;
    // 97: a forged signature (another secret), or one field changed after signing.
    expect(await ipn({ ...base, vnp_SecureHash: vnpayEmulatorSign(base, 'another-secret') })).toEqual({
      RspCode: '97',
      Message: 'Invalid Checksum',
    });
    expect(await ipn({ ...signed(base), vnp_Amount: '100' })).toMatchObject({ RspCode: '97' });
    expect(await ipn({ ...base })).toMatchObject({ RspCode: '97' });
    // 01: a reference we never issued.
    expect(await ipn(signed({ ...base, vnp_TxnRef: 'KHONGCO123' }))).toEqual({
      RspCode: '01',
      Message: 'Order not found',
    });
    // 04: the right reference with another amount.
    expect(await ipn(signed({ ...base, vnp_Amount: String(FEE) }))).toEqual({
      RspCode: '04',
      Message: 'Invalid amount',
    });
    expect((await audits('payment.callback-refused')).length).toBe(refusedBefore + 5);
    expect((await payments().findByTxnRef(txnRef))!.status).toBe('pending');
    // 00 once, then 02.
    expect(await ipn(signed(base))).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await ipn(signed(base))).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(await paidEvents(id)).toHaveLength(1);
  });

  it('a cancelled payment is recorded as failed; the applicant pays again with a new reference', async () => {
    const { id, pi } = await awaitingFee();
    const first = await startPayment(id);
    const back = await onGatewayPage(first, 'huy');
    expect(back.searchParams.get('vnp_ResponseCode')).toBe('24');
    const firstRef = first.searchParams.get('vnp_TxnRef')!;
    expect((await payments().findByTxnRef(firstRef))!.status).toBe('failed');
    const result = await applicant.get(back.pathname + back.search);
    expect(result.text).toContain('Thanh toán không thành công: bạn đã hủy giao dịch');
    await waitsAt(pi, 'ReceiveTask_AwaitPayment');

    const second = await startPayment(id);
    const secondRef = second.searchParams.get('vnp_TxnRef')!;
    expect(secondRef).not.toBe(firstRef);
    await onGatewayPage(second, 'thanh-toan');
    await openTask(stack.engineUrl, pi, 'UserTask_AppraiseDossier');
    const page = await applicant.get(`/ho-so/${id}`);
    expect(page.text).toContain('Không thành công');
    expect(page.text).toContain(`/ho-so/${id}/bien-lai/${secondRef}.pdf`);
    expect(page.text).not.toContain(`/ho-so/${id}/bien-lai/${firstRef}.pdf`);
  });

  it('reconciliation settles a payment whose IPN never came, once; a gateway failing with 500 or timing out changes nothing', async () => {
    const { id, pi } = await awaitingFee();
    const payUrl = await startPayment(id);
    const txnRef = payUrl.searchParams.get('vnp_TxnRef')!;
    gateway.faults = { skipIpn: true };
    const back = await onGatewayPage(payUrl, 'thanh-toan');
    // The browser says paid; we have no word from the gateway's server yet.
    const result = await applicant.get(back.pathname + back.search);
    expect(result.text).toContain('đang chờ xác nhận chính thức');
    expect((await payments().findByTxnRef(txnRef))!.status).toBe('pending');

    gateway.faults = { queryError: true };
    expect(await stack.portal.reconcilePayments!()).toMatchObject({ confirmed: 0, errors: 1 });
    gateway.faults = { queryDelayMs: 1500 };
    expect(await stack.portal.reconcilePayments!()).toMatchObject({ confirmed: 0, errors: 1 });
    expect((await payments().findByTxnRef(txnRef))!.status).toBe('pending');
    await waitsAt(pi, 'ReceiveTask_AwaitPayment');

    gateway.faults = {};
    expect(await stack.portal.reconcilePayments!()).toMatchObject({ confirmed: 1, errors: 0 });
    expect(await stack.portal.reconcilePayments!()).toMatchObject({ asked: 0, confirmed: 0 });
    expect((await payments().findByTxnRef(txnRef))!).toMatchObject({
      status: 'paid',
      confirmedBy: 'reconciliation',
    });
    await openTask(stack.engineUrl, pi, 'UserTask_AppraiseDossier');
    // The IPN arriving late now finds it confirmed.
    expect(await ipn(Object.fromEntries(back.searchParams))).toEqual({
      RspCode: '02',
      Message: 'Order already confirmed',
    });
    expect(await paidEvents(id)).toHaveLength(1);
  });

  /** Moves the engine's clock (and the portal's, the workers', the gateway's) and runs due timers. */
  async function timePasses(ms: number): Promise<void> {
    clock.advance(ms);
    await stack.runDueJobs();
  }
  const REQUEST_MS = 15 * 60_000;
  const attemptIs = (txnRef: string, status: string) =>
    until(`${txnRef} ${status}`, async () => (await payments().findByTxnRef(txnRef))?.status === status);
  const expiredAudits = async (txnRef: string) =>
    (await audits('payment.expired')).filter((a) => (a.detail as { txnRef?: string }).txnRef === txnRef);
  /** The request's timer path in the process has run to its end. */
  const expiryPathsEnded = async (pi: string) =>
    (
      await engine<Array<{ endTime: string | null }>>(
        `/history/activity-instance?processInstanceId=${pi}&activityId=EndEvent_PaymentRequestExpired`,
      )
    ).filter((a) => a.endTime).length;

  it('a request left unpaid expires by its timer in the process; the applicant pays again with a new reference', async () => {
    clock.advance(60_000);
    const { id, pi } = await awaitingFee();
    const first = await startPayment(id);
    const firstRef = first.searchParams.get('vnp_TxnRef')!;
    // The process was told of the request: one timer, due when the gateway's request expires.
    const timers = await engine<Array<{ dueDate?: string; duedate?: string }>>(
      `/job?processInstanceId=${pi}&timers=true`,
    );
    expect(timers).toHaveLength(1);
    const due = new Date(timers[0]!.duedate ?? timers[0]!.dueDate!);
    expect(due.getTime()).toBe(clock.now().getTime() + REQUEST_MS);
    const attempt = (await payments().findByTxnRef(firstRef))!;
    expect(attempt.expiresAt.getTime()).toBe(due.getTime());
    // Opened on the gateway, never paid.
    expect((await fetch(first)).status).toBe(200);
    let page = await applicant.get(`/ho-so/${id}`);
    expect(page.text).toContain(`Đã có yêu cầu thanh toán mã ${firstRef} đang chờ`);

    // A second before the end nothing happens; past it the timer fires and the worker expires it.
    await timePasses(REQUEST_MS - 1000);
    expect((await payments().findByTxnRef(firstRef))!.status).toBe('pending');
    await timePasses(2000);
    await attemptIs(firstRef, 'expired');
    expect((await payments().findByTxnRef(firstRef))!.confirmedBy).toBe('timer');
    await until('the expiry path ends', async () => (await expiryPathsEnded(pi)) === 1);
    expect(await expiredAudits(firstRef)).toHaveLength(1);
    const history = (await new DossierLifeStore(ds).listHistory(id)).filter(
      (e) => e.kind === 'payment-expired',
    );
    expect(history).toHaveLength(1);
    expect(history[0]!.textVi).toContain('Yêu cầu thanh toán đã hết hạn');
    // The dossier still waits for its fee.
    await waitsAt(pi, 'ReceiveTask_AwaitPayment');
    page = await applicant.get(`/ho-so/${id}`);
    expect(page.text).toContain('Yêu cầu thanh toán đã hết hạn');
    expect(page.text).toContain('Thanh toán lại');
    expect(page.text).not.toContain(`Đã có yêu cầu thanh toán mã ${firstRef} đang chờ`);
    // Too late on the gateway's page: the gateway refuses the request; no IPN, nothing changes.
    const late = await fetch(first);
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('Giao dịch đã quá thời gian chờ thanh toán');
    expect(gateway.ipnCalls.filter((c) => c.txnRef === firstRef)).toHaveLength(0);
    expect((await payments().findByTxnRef(firstRef))!.status).toBe('expired');

    clock.advance(1000);
    const second = await startPayment(id);
    const secondRef = second.searchParams.get('vnp_TxnRef')!;
    expect(secondRef).not.toBe(firstRef);
    await onGatewayPage(second, 'thanh-toan');
    await openTask(stack.engineUrl, pi, 'UserTask_AppraiseDossier');
    expect(await paidEvents(id)).toHaveLength(1);
    // The paid request's timer still fires later: it finds nothing to expire.
    await timePasses(REQUEST_MS + 1000);
    await until('the second expiry path ends', async () => (await expiryPathsEnded(pi)) === 2);
    expect((await payments().findByTxnRef(secondRef))!.status).toBe('paid');
    expect(await expiredAudits(secondRef)).toHaveLength(0);
    expect(await expiredAudits(firstRef)).toHaveLength(1);
  });

  it('an IPN that comes after the request expired is settled once: the dossier moves on; a replay changes nothing', async () => {
    clock.advance(60_000);
    const { id, pi } = await awaitingFee();
    const first = await startPayment(id);
    const txnRef = first.searchParams.get('vnp_TxnRef')!;
    // Paid at the gateway in time, but its IPN is late (lost for now).
    gateway.faults = { skipIpn: true };
    const back = await onGatewayPage(first, 'thanh-toan');
    gateway.faults = {};
    await timePasses(REQUEST_MS + 1000);
    await attemptIs(txnRef, 'expired');

    // The gateway took the money: the late IPN confirms it and the dossier moves on.
    const lateIpn = Object.fromEntries(back.searchParams);
    expect(await ipn(lateIpn)).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect((await payments().findByTxnRef(txnRef))!).toMatchObject({ status: 'paid', confirmedBy: 'ipn' });
    await openTask(stack.engineUrl, pi, 'UserTask_AppraiseDossier');
    const paid = await paidEvents(id);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.detail).toMatchObject({ txnRef, delivered: true });
    expect(await ipn(lateIpn)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(await stack.portal.reconcilePayments!()).toMatchObject({ confirmed: 0, settled: 0 });
    expect(await paidEvents(id)).toHaveLength(1);
  });

  it("paid again after the expiry, then the first payment's late IPN: recorded once for a refund, the process not told twice", async () => {
    clock.advance(60_000);
    const { id, pi } = await awaitingFee();
    const first = await startPayment(id);
    const firstRef = first.searchParams.get('vnp_TxnRef')!;
    gateway.faults = { skipIpn: true };
    const back = await onGatewayPage(first, 'thanh-toan');
    gateway.faults = {};
    await timePasses(REQUEST_MS + 1000);
    await attemptIs(firstRef, 'expired');

    const second = await startPayment(id);
    const secondRef = second.searchParams.get('vnp_TxnRef')!;
    await onGatewayPage(second, 'thanh-toan');
    await openTask(stack.engineUrl, pi, 'UserTask_AppraiseDossier');

    const lateIpn = Object.fromEntries(back.searchParams);
    expect(await ipn(lateIpn)).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await ipn(lateIpn)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect((await payments().findByTxnRef(firstRef))!).toMatchObject({ status: 'paid' });
    expect((await payments().findByTxnRef(firstRef))!.settledAt).not.toBeNull();
    const paid = await paidEvents(id);
    expect(
      paid.map((e) => [
        (e.detail as { txnRef: string }).txnRef,
        (e.detail as { delivered: boolean }).delivered,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [secondRef, true],
        [firstRef, false],
      ]),
    );
    expect(paid).toHaveLength(2);
    expect(paid.find((e) => (e.detail as { txnRef: string }).txnRef === firstRef)!.textVi).toContain(
      'hoàn trả',
    );
    expect(
      (await audits('payment.not-awaited')).filter(
        (a) => (a.detail as { txnRef?: string }).txnRef === firstRef,
      ),
    ).toHaveLength(1);
    // The dossier was told once: one DossierPaid, with the second request's reference.
    const vars = await engine<Record<string, { value: unknown }>>(`/process-instance/${pi}/variables`);
    expect(vars.paymentReference!.value).toBe(secondRef);
  });
});
