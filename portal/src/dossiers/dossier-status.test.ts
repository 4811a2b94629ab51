import { describe, expect, it } from '@jest/globals';
import { deriveDossierProgress } from './dossier-status.js';

const done = (activityId: string) => ({ activityId, endTime: '2026-11-27T10:00:00.000+0000' });
const running = (activityId: string) => ({ activityId, endTime: null });

describe('deriveDossierProgress', () => {
  it.each([
    [
      'receipt running',
      [done('StartEvent_DossierSubmitted'), running('ServiceTask_ReceiveDossier')],
      1,
      'Mới đăng ký',
    ],
    [
      'completeness check',
      [done('ServiceTask_ReceiveDossier'), running('UserTask_CheckCompleteness')],
      1,
      'Mới đăng ký',
    ],
    ['appraisal', [done('UserTask_CheckCompleteness'), running('UserTask_AppraiseDossier')], 4, 'Đang xử lý'],
    ['approval', [done('UserTask_AppraiseDossier'), running('UserTask_ApproveDossier')], 4, 'Đang xử lý'],
    [
      'returning the result',
      [done('UserTask_ApproveDossier'), running('ServiceTask_ReturnResult')],
      9,
      'Đã xử lý xong',
    ],
    [
      'returning a refusal',
      [done('UserTask_ApproveDossier'), running('ServiceTask_ReturnRefusal')],
      9,
      'Đã xử lý xong',
    ],
    [
      'accepted, the main clock starting',
      [done('UserTask_CheckCompleteness'), running('ServiceTask_StartMainClock')],
      2,
      'Được tiếp nhận',
    ],
    [
      'not accepted',
      [done('UserTask_CheckCompleteness'), done('EndEvent_NotAccepted')],
      3,
      'Không được tiếp nhận',
    ],
    [
      'waiting for the supplement (generated life)',
      [done('UserTask_CheckCompleteness'), running('IntermediateCatchEvent_DossierSupplemented')],
      5,
      'Yêu cầu bổ sung giấy tờ',
    ],
    [
      'waiting for payment',
      [done('UserTask_CheckCompleteness'), running('ReceiveTask_AwaitPayment')],
      6,
      'Yêu cầu thực hiện nghĩa vụ tài chính',
    ],
    [
      'waiting for another agency',
      [done('UserTask_Consultation'), running('ReceiveTask_AwaitAgencyReply')],
      4,
      'Đang xử lý',
    ],
    [
      'withdrawn',
      [done('StartEvent_DossierWithdrawn'), done('EndEvent_Withdrawn')],
      7,
      'Công dân yêu cầu rút hồ sơ',
    ],
    ['stopped (form 05)', [done('ServiceTask_NotifyStop'), done('EndEvent_Stopped')], 8, 'Dừng xử lý'],
    [
      'rejected at receipt',
      [done('ServiceTask_ReceiveDossier'), done('EndEvent_Rejected')],
      3,
      'Không được tiếp nhận',
    ],
    [
      'result returned',
      [done('ServiceTask_ReturnResult'), done('EndEvent_ResultReturned')],
      10,
      'Đã trả kết quả',
    ],
    ['refusal returned', [done('ServiceTask_ReturnRefusal'), done('EndEvent_Refused')], 10, 'Đã trả kết quả'],
    ['nothing recorded yet', [], 1, 'Mới đăng ký'],
  ])('%s → %i', (_name, activities, code, label) => {
    const p = deriveDossierProgress({ activities, variables: {} });
    expect(p.statusCode).toBe(code);
    expect(p.statusVi).toBe(label);
  });

  it('reads code, appointment, outcome and result number from the variables', () => {
    const p = deriveDossierProgress({
      activities: [done('EndEvent_ResultReturned')],
      variables: {
        dossierCode: 'G13-261127-00001',
        appointmentDate: '2026-12-10',
        outcome: 'approved',
        resultNumber: 'CC-0001',
      },
    });
    expect(p).toMatchObject({
      dossierCode: 'G13-261127-00001',
      appointmentDate: '2026-12-10',
      outcome: 'approved',
      resultNumber: 'CC-0001',
    });
  });

  it('ignores a canceled end event and unknown outcomes', () => {
    const p = deriveDossierProgress({
      activities: [
        { activityId: 'EndEvent_NotAccepted', endTime: '2026-11-27T10:00:00Z', canceled: true },
        running('UserTask_AppraiseDossier'),
      ],
      variables: { outcome: 'maybe', dossierCode: '' },
    });
    expect(p.statusCode).toBe(4);
    expect(p.outcome).toBeNull();
    expect(p.dossierCode).toBeNull();
    expect(p.activeActivityIds).toEqual(['UserTask_AppraiseDossier']);
  });

  it('lists the named steps oldest first, without gateways or canceled activities', () => {
    const p = deriveDossierProgress({
      activities: [
        {
          activityId: 'UserTask_AppraiseDossier',
          activityName: 'Thẩm định hồ sơ',
          activityType: 'userTask',
          startTime: '2026-11-27T03:00:00.000+0000',
          endTime: null,
        },
        {
          activityId: 'Gateway_Complete',
          activityName: 'Hồ sơ đầy đủ?',
          activityType: 'exclusiveGateway',
          startTime: '2026-11-27T02:59:00.000+0000',
          endTime: '2026-11-27T02:59:00.000+0000',
        },
        {
          activityId: 'ServiceTask_ReceiveDossier',
          activityName: 'Tiếp nhận hồ sơ',
          activityType: 'serviceTask',
          startTime: '2026-11-27T02:00:00.000+0000',
          endTime: '2026-11-27T02:00:01.000+0000',
        },
        {
          activityId: 'BoundaryEvent_X',
          activityName: 'Hủy',
          activityType: 'boundaryError',
          startTime: '2026-11-27T02:30:00.000+0000',
          endTime: '2026-11-27T02:30:00.000+0000',
          canceled: true,
        },
      ],
      variables: {},
    });
    expect(p.steps.map((s) => s.name)).toEqual(['Tiếp nhận hồ sơ', 'Thẩm định hồ sơ']);
    expect(p.steps[1]!.endTime).toBeNull();
  });

  it('tells the page what the applicant can do and what the apology letter changed', () => {
    const waiting = deriveDossierProgress({
      activities: [running('IntermediateCatchEvent_DossierSupplemented')],
      variables: { completenessNote: 'Thiếu ảnh 3x4', late: true, newAppointmentDate: '2026-12-04' },
    });
    expect(waiting).toMatchObject({
      awaitingSupplement: true,
      completenessNote: 'Thiếu ảnh 3x4',
      late: true,
      newAppointmentDate: '2026-12-04',
      ended: false,
    });
    const withdrawn = deriveDossierProgress({ activities: [done('EndEvent_Withdrawn')], variables: {} });
    expect(withdrawn).toMatchObject({ awaitingSupplement: false, ended: true, late: false });
  });

  it('knows when the dossier ended, and not before', () => {
    expect(
      deriveDossierProgress({
        activities: [done('UserTask_ApproveDossier'), running('ServiceTask_ReturnRefusal')],
        variables: {},
      }).endedAt,
    ).toBeNull();
    expect(
      deriveDossierProgress({
        activities: [
          done('ServiceTask_ReturnRefusal'),
          { ...done('EndEvent_Refused'), endTime: '2026-11-28T01:00:00.000+0000' },
        ],
        variables: {},
      }).endedAt,
    ).toBe('2026-11-28T01:00:00.000+0000');
  });
});
