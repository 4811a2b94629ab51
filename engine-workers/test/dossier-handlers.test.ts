import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase, type DataSource } from '@motcua/db';
import { createHolidayStore } from '@motcua/db/workers';
import { testDatabases, type TestDatabase } from '@motcua/db/testing';
import { BusinessError, buildStatutoryYear, silentLogger } from '@motcua/domain';
import { loadCatalogue } from '@motcua/processes';
import { receiveDossierHandler, returnResultHandler, type ExternalTaskInfo } from '@motcua/engine-workers';

// The two dossier handlers on a real database, given tasks as the runtime hands them over.
const dialects = await testDatabases();
const catalogue = loadCatalogue();

const application = {
  fullName: 'Lê Văn Đức',
  dateOfBirth: '1988-09-02',
  citizenId: '079088001234',
  phone: '+84903123456',
  email: 'duc.le@example.vn',
  facilityName: 'Công ty TNHH Kiểm định Sài Gòn',
  radiationJob: 'dich-vu-ho-tro',
  trainingCertificateNo: 'ĐT-ATBX-77',
  trainingInstitution: 'Trung tâm Đào tạo an toàn bức xạ',
  trainingCertificateDate: '2024-12-20',
  truthfulnessCommitment: true,
};

function task(
  processInstanceId: string,
  variables: Record<string, unknown>,
  topicName = 'dossier.receive',
): ExternalTaskInfo {
  return {
    id: `et-${processInstanceId}`,
    topicName,
    processInstanceId,
    processDefinitionKey: 'most-chung-chi-nhan-vien-buc-xa',
    activityId: 'ServiceTask_ReceiveDossier',
    businessKey: 'dossier-1',
    retries: null,
    variables,
  };
}

describe.each(dialects)('dossier handlers on $dialect', (factory) => {
  let db: TestDatabase;
  let ds: DataSource;
  // Friday 24/04/2026, 16:00 in Hà Nội: Giỗ Tổ is compensated on Monday 27/04, then 30/4 and 1/5.
  let now = new Date('2026-04-24T09:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    db = await factory.create();
    ds = await openDatabase({ url: db.url });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('receives a dossier: code of the unit and day, appointment 15 working days later', async () => {
    const receive = receiveDossierHandler({ ds, catalogue, clock });
    const out = await receive.handle({
      task: task('pi-1', { ...application, procedureCode: '1.009846', dossierId: 'd-1' }),
      logger: silentLogger,
    });
    // 15 working days from Fri 24/04/2026: 28, 29/04 (2), 4–8/05 (7), 11–15/05 (12), 18–20/05 → Wed 20/05.
    expect(out).toEqual({
      dossierCode: 'G13.ATBXHN-260424-00001',
      appointmentDate: '2026-05-20',
      receivedAt: now,
    });
  });

  it('gives a redelivered task the same code, receipt time and appointment', async () => {
    const receive = receiveDossierHandler({ ds, catalogue, clock });
    const first = await receive.handle({
      task: task('pi-2', { ...application, procedureCode: '1.009846' }),
      logger: silentLogger,
    });
    now = new Date('2026-04-28T02:00:00Z');
    const again = await receive.handle({
      task: task('pi-2', { ...application, procedureCode: '1.009846' }),
      logger: silentLogger,
    });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ dossierCode: 'G13.ATBXHN-260424-00002' });
  });

  it("follows the database's holiday table: a day off an administrator adds moves the appointment", async () => {
    // Receipt on Fri 20/11/2026 (Hà Nội): 15 working days end on Fri 11/12/2026.
    now = new Date('2026-11-20T02:00:00Z');
    const receive = receiveDossierHandler({ ds, catalogue, clock });
    const before = await receive.handle({
      task: task('pi-h1', { ...application, procedureCode: '1.009846' }),
      logger: silentLogger,
    });
    expect(before).toMatchObject({ appointmentDate: '2026-12-11' });

    const y2026 = buildStatutoryYear(2026);
    await createHolidayStore(ds).saveYear(
      { ...y2026, daysOff: [...y2026.daysOff, { date: '2026-12-01', nameVi: 'Nghỉ thử nghiệm' }] },
      { savedBy: 'admin' },
    );
    const after = await receive.handle({
      task: task('pi-h2', { ...application, procedureCode: '1.009846' }),
      logger: silentLogger,
    });
    expect(after).toMatchObject({ appointmentDate: '2026-12-14' });
  });

  it('uses UNIT_CODE over the procedure unit code when configured', async () => {
    const receive = receiveDossierHandler({ ds, catalogue, clock, unitCode: '000.00.01.G13' });
    const out = await receive.handle({
      task: task('pi-3', { ...application, procedureCode: '1.009846' }),
      logger: silentLogger,
    });
    expect((out as { dossierCode: string }).dossierCode).toMatch(/^000\.00\.01\.G13-\d{6}-00001$/);
  });

  it('rejects an unknown procedure and incomplete data with DOSSIER_REJECTED and a reason', async () => {
    const receive = receiveDossierHandler({ ds, catalogue, clock });
    const unknown = receive.handle({
      task: task('pi-4', { ...application, procedureCode: '9.999999' }),
      logger: silentLogger,
    });
    await expect(unknown).rejects.toBeInstanceOf(BusinessError);
    await expect(unknown).rejects.toMatchObject({
      code: 'DOSSIER_REJECTED',
      variables: { rejectionReason: expect.stringContaining('9.999999') },
    });

    const { citizenId: _c, truthfulnessCommitment: _t, ...incomplete } = application;
    const missing = receive.handle({
      task: task('pi-5', { ...incomplete, procedureCode: '1.009846' }),
      logger: silentLogger,
    });
    await expect(missing).rejects.toMatchObject({
      code: 'DOSSIER_REJECTED',
      message:
        'Hồ sơ thiếu hoặc sai thông tin bắt buộc: Số định danh cá nhân (CCCD); Tôi cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật.',
    });
    // Rejected dossiers draw no number.
    const rows = await ds.query(
      'SELECT COUNT(*) AS n FROM dossier_code_assignment WHERE process_instance_id IN (?, ?)',
      ['pi-4', 'pi-5'],
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('issues a certificate number when approved (once) and returns a refusal otherwise', async () => {
    now = new Date('2026-05-19T03:00:00Z');
    const ret = returnResultHandler({ ds, catalogue, clock });
    const vars = { procedureCode: '1.009846', dossierCode: 'G13.ATBXHN-260424-00001', approved: true };
    const approved = await ret.handle({
      task: task('pi-1', vars, 'dossier.return-result'),
      logger: silentLogger,
    });
    expect(approved).toEqual({ resultNumber: 'CCNV-2026-000001', resultIssuedAt: now, outcome: 'approved' });
    const again = await ret.handle({
      task: task('pi-1', vars, 'dossier.return-result'),
      logger: silentLogger,
    });
    expect(again).toEqual(approved);
    const refused = await ret.handle({
      task: task('pi-2', { ...vars, approved: false }, 'dossier.return-result'),
      logger: silentLogger,
    });
    expect(refused).toEqual({ outcome: 'refused' });
  });
});
