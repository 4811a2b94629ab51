import { describe, expect, it } from '@jest/globals';
import { smsSegments } from '@motcua/emulators';
import {
  dateVi,
  renderTemplate,
  templateFor,
  TEMPLATE_VERSIONS,
  vnd,
  type MessageFacts,
} from './templates.js';

const facts: MessageFacts = {
  dossierCode: 'G13.45-261207-0001',
  procedureNameVi: 'Cấp chứng chỉ nhân viên bức xạ',
  agencyVi: 'Cục An toàn bức xạ và hạt nhân',
  appointmentDate: '2026-12-21',
  newAppointmentDate: '2027-01-04',
  reasons: 'Thiếu bản sao giấy chứng nhận đào tạo an toàn bức xạ; ảnh 3x4 không rõ.',
  feeVnd: 1_500_000,
  portalUrl: 'https://dichvucong.most.gov.vn/',
  recipientName: 'Nguyễn Văn An',
};

describe('notification templates', () => {
  it('maps each status change the applicant must know of to a versioned template', () => {
    expect(
      [
        'main-clock-started',
        'supplement-requested',
        'payment-requested',
        'result-returned',
        'refused',
        'not-accepted',
        'stopped',
        'late',
      ].map(templateFor),
    ).toEqual(['received', 'supplement', 'fee', 'result-ready', 'refused', 'refused', 'refused', 'apology']);
    expect(templateFor('document-uploaded')).toBeNull();
    for (const id of ['received', 'supplement', 'fee', 'result-ready', 'refused', 'apology', 'task-reminder'])
      expect(TEMPLATE_VERSIONS[id]).toBeGreaterThanOrEqual(1);
  });

  it('writes dates dd/mm/yyyy (date-times in Vietnam time) and amounts with dots', () => {
    expect(dateVi('2026-12-21')).toBe('21/12/2026');
    // 17:30 UTC on 31/12 is already 01/01 in Hà Nội.
    expect(dateVi('2026-12-31T17:30:00.000Z')).toBe('01/01/2027');
    expect(dateVi(null)).toBe('(chưa xác định)');
    expect(vnd(1_500_000)).toBe('1.500.000');
  });

  it('renders the received message with the appointment date, in Vietnamese with diacritics', () => {
    const m = renderTemplate('received', facts);
    expect(m).toMatchObject({ templateId: 'received', templateVersion: 1 });
    expect(m.subject).toBe('Hồ sơ G13.45-261207-0001 đã được tiếp nhận');
    expect(m.text).toContain('Kính gửi Ông/Bà Nguyễn Văn An,');
    expect(m.text).toContain(
      'Cục An toàn bức xạ và hạt nhân đã tiếp nhận hồ sơ thủ tục “Cấp chứng chỉ nhân viên bức xạ”',
    );
    expect(m.text).toContain('Ngày hẹn trả kết quả: 21/12/2026.');
    expect(m.text).toContain('https://dichvucong.most.gov.vn/ho-so');
    expect(m.sms).toBe('Hồ sơ G13.45-261207-0001 đã được tiếp nhận. Hẹn trả kết quả ngày 21/12/2026.');
  });

  it('gives the reasons of a supplement and of a refusal, the fee and the apology’s new date', () => {
    const s = renderTemplate('supplement', facts);
    expect(s.text).toContain(
      'Nội dung cần bổ sung: Thiếu bản sao giấy chứng nhận đào tạo an toàn bức xạ; ảnh 3x4 không rõ.',
    );
    expect(s.sms).toContain('cần bổ sung: Thiếu bản sao');
    expect(renderTemplate('fee', facts).text).toContain('Số tiền phải nộp: 1.500.000 đồng.');
    expect(renderTemplate('fee', { ...facts, feeVnd: null }).text).toContain('theo biểu phí của thủ tục');
    const refused = renderTemplate('refused', {
      ...facts,
      refusalKind: 'refused',
      reasons: 'Thiết bị không đạt yêu cầu.',
    });
    expect(refused.subject).toBe('Hồ sơ G13.45-261207-0001 bị từ chối giải quyết');
    expect(refused.text).toContain('Lý do: Thiết bị không đạt yêu cầu.');
    expect(renderTemplate('refused', { ...facts, refusalKind: 'not-accepted' }).text).toContain(
      'không được tiếp nhận (mẫu 03)',
    );
    expect(renderTemplate('refused', { ...facts, refusalKind: 'stopped' }).subject).toContain(
      'bị dừng giải quyết',
    );
    const apology = renderTemplate('apology', facts);
    expect(apology.text).toContain('(ngày hẹn 21/12/2026)');
    expect(apology.text).toContain('Ngày hẹn trả kết quả mới: 04/01/2027.');
    expect(apology.sms).toBe('Xin lỗi: hồ sơ G13.45-261207-0001 chậm trả kết quả. Ngày hẹn mới: 04/01/2027.');
    expect(renderTemplate('result-ready', facts).subject).toBe('Hồ sơ G13.45-261207-0001 đã có kết quả');
  });

  it('keeps every SMS within a few Unicode segments even with long reasons', () => {
    const long = { ...facts, reasons: 'Thiếu giấy tờ. '.repeat(60) };
    for (const id of ['received', 'supplement', 'fee', 'result-ready', 'refused', 'apology'])
      expect(smsSegments(renderTemplate(id, long).sms)).toBeLessThanOrEqual(3);
  });

  it('refuses an unknown template', () => {
    expect(() => renderTemplate('nope', facts)).toThrow('No notification template nope');
  });
});
