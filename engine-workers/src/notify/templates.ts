/**
 * The Vietnamese messages of the notifications, versioned: each sent message records the id and
 * version of the template that rendered it (notification_outbox.template_id/_version). A change
 * of wording bumps the version, so what an applicant received can always be told apart.
 *
 * Templates are pure functions of the facts (no I/O): the e-mail's subject and body and the SMS
 * text (Unicode SMS, kept short). Dates are written dd/mm/yyyy, amounts with dots (1.000.000 đồng).
 */
import { formatDateVi } from '@motcua/domain';

/** What a template may say; the sender gathers it (history event, dossier, engine variables). */
export interface MessageFacts {
  /** Mã hồ sơ, or null while none was given yet. */
  dossierCode: string | null;
  procedureNameVi: string | null;
  agencyVi: string | null;
  /** `YYYY-MM-DD`. */
  appointmentDate?: string | null;
  newAppointmentDate?: string | null;
  /** The officer's or leader's words (supplement, refusal, stop). */
  reasons?: string | null;
  /** The fee to pay, when known. */
  feeVnd?: number | null;
  /** The portal's public address, for the links. */
  portalUrl: string;
  /** Kind of refusal for the `refused` template. */
  refusalKind?: 'not-accepted' | 'refused' | 'stopped';
  /** Officer reminders: the task and its due time. */
  taskName?: string | null;
  /** ISO date-time. */
  taskDue?: string | null;
  recipientName?: string | null;
}

export interface RenderedMessage {
  templateId: string;
  templateVersion: number;
  subject: string;
  text: string;
  sms: string;
}

interface Template {
  id: string;
  version: number;
  render(f: MessageFacts): { subject: string; text: string; sms: string };
}

/** `YYYY-MM-DD` or an ISO date-time → `dd/mm/yyyy` (in Vietnam's time zone for date-times). */
export function dateVi(value: string | null | undefined): string {
  if (!value) return '(chưa xác định)';
  return formatDateVi(value) || value;
}

/** 1500000 → `1.500.000`. */
export function vnd(amount: number): string {
  return Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

const FOOTER =
  '\n\nĐây là thư tự động của Cổng dịch vụ công Bộ Khoa học và Công nghệ, vui lòng không trả lời thư này.' +
  '\nBạn nhận thư này vì đã chọn nhận thông báo trong trang “Nhận thông báo” của tài khoản; có thể thay đổi tại đó.';

function code(f: MessageFacts): string {
  return f.dossierCode ?? '(chưa cấp mã)';
}

function about(f: MessageFacts): string {
  return f.procedureNameVi
    ? `hồ sơ thủ tục “${f.procedureNameVi}”, mã hồ sơ ${code(f)}`
    : `hồ sơ mã ${code(f)}`;
}

function lookupLink(f: MessageFacts): string {
  return `${f.portalUrl.replace(/\/+$/, '')}/ho-so`;
}

function greeting(f: MessageFacts): string {
  return `Kính gửi ${f.recipientName ? `Ông/Bà ${f.recipientName}` : 'Ông/Bà'},\n\n`;
}

const TEMPLATES: Record<string, Template> = {
  received: {
    id: 'received',
    version: 1,
    render: (f) => ({
      subject: `Hồ sơ ${code(f)} đã được tiếp nhận`,
      text:
        greeting(f) +
        `${f.agencyVi ?? 'Cơ quan giải quyết'} đã tiếp nhận ${about(f)}.` +
        `\nNgày hẹn trả kết quả: ${dateVi(f.appointmentDate)}.` +
        `\n\nTheo dõi tình trạng hồ sơ tại: ${lookupLink(f)}` +
        FOOTER,
      sms: `Hồ sơ ${code(f)} đã được tiếp nhận. Hẹn trả kết quả ngày ${dateVi(f.appointmentDate)}.`,
    }),
  },
  supplement: {
    id: 'supplement',
    version: 1,
    render: (f) => ({
      subject: `Hồ sơ ${code(f)} cần bổ sung, hoàn thiện`,
      text:
        greeting(f) +
        `${about(f)[0]!.toUpperCase()}${about(f).slice(1)} cần được bổ sung, hoàn thiện (mẫu 02).` +
        `\nNội dung cần bổ sung: ${f.reasons ?? 'xem chi tiết trên Cổng dịch vụ công.'}` +
        `\n\nVui lòng đăng nhập để bổ sung hồ sơ: ${lookupLink(f)}` +
        `\nThời gian chờ bổ sung không tính vào thời hạn giải quyết.` +
        FOOTER,
      sms: `Hồ sơ ${code(f)} cần bổ sung: ${truncate(f.reasons ?? 'xem trên Cổng dịch vụ công', 120)}.`,
    }),
  },
  fee: {
    id: 'fee',
    version: 1,
    render: (f) => {
      const amount = f.feeVnd ? `${vnd(f.feeVnd)} đồng` : null;
      return {
        subject: `Hồ sơ ${code(f)}: đề nghị nộp phí, lệ phí`,
        text:
          greeting(f) +
          `${about(f)[0]!.toUpperCase()}${about(f).slice(1)} đang chờ thực hiện nghĩa vụ tài chính.` +
          (amount ? `\nSố tiền phải nộp: ${amount}.` : '\nSố tiền phải nộp theo biểu phí của thủ tục.') +
          `\n\nVui lòng nộp phí, lệ phí trực tuyến hoặc tại bộ phận một cửa: ${lookupLink(f)}` +
          `\nThời hạn giải quyết được tính từ khi nộp đủ phí, lệ phí.` +
          FOOTER,
        sms: `Hồ sơ ${code(f)}: đề nghị nộp phí, lệ phí${amount ? ` ${amount}` : ''}. Xem trên Cổng dịch vụ công.`,
      };
    },
  },
  'result-ready': {
    id: 'result-ready',
    version: 1,
    render: (f) => ({
      subject: `Hồ sơ ${code(f)} đã có kết quả`,
      text:
        greeting(f) +
        `${about(f)[0]!.toUpperCase()}${about(f).slice(1)} đã được giải quyết và trả kết quả.` +
        `\n\nXem và tải kết quả tại: ${lookupLink(f)}` +
        FOOTER,
      sms: `Hồ sơ ${code(f)} đã có kết quả. Xem và tải kết quả trên Cổng dịch vụ công.`,
    }),
  },
  refused: {
    id: 'refused',
    version: 1,
    render: (f) => {
      const what =
        f.refusalKind === 'not-accepted'
          ? 'không được tiếp nhận (mẫu 03)'
          : f.refusalKind === 'stopped'
            ? 'bị dừng giải quyết (mẫu 05)'
            : 'bị từ chối giải quyết';
      return {
        subject: `Hồ sơ ${code(f)} ${what.replace(/ \(mẫu \d+\)$/, '')}`,
        text:
          greeting(f) +
          `${about(f)[0]!.toUpperCase()}${about(f).slice(1)} ${what}.` +
          `\nLý do: ${f.reasons ?? 'xem văn bản trả lời trên Cổng dịch vụ công.'}` +
          `\n\nXem chi tiết tại: ${lookupLink(f)}` +
          FOOTER,
        sms: `Hồ sơ ${code(f)} ${what.replace(/ \(mẫu \d+\)$/, '')}. Lý do: ${truncate(f.reasons ?? 'xem trên Cổng dịch vụ công', 110)}.`,
      };
    },
  },
  apology: {
    id: 'apology',
    version: 1,
    render: (f) => ({
      subject: `Hồ sơ ${code(f)}: xin lỗi và hẹn lại ngày trả kết quả`,
      text:
        greeting(f) +
        `${f.agencyVi ?? 'Cơ quan giải quyết'} xin lỗi vì ${about(f)} chưa được giải quyết đúng hạn` +
        (f.appointmentDate ? ` (ngày hẹn ${dateVi(f.appointmentDate)})` : '') +
        '.' +
        `\nNgày hẹn trả kết quả mới: ${dateVi(f.newAppointmentDate)}.` +
        `\nPhiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04) có trên Cổng dịch vụ công: ${lookupLink(f)}` +
        FOOTER,
      sms: `Xin lỗi: hồ sơ ${code(f)} chậm trả kết quả. Ngày hẹn mới: ${dateVi(f.newAppointmentDate)}.`,
    }),
  },
  'task-reminder': {
    id: 'task-reminder',
    version: 1,
    render: (f) => ({
      subject: `Nhắc việc: “${f.taskName ?? 'Công việc'}” hồ sơ ${code(f)} sắp đến hạn`,
      text:
        greeting(f) +
        `Công việc “${f.taskName ?? 'Công việc'}” của ${about(f)} sắp đến hạn (${dateVi(f.taskDue)}).` +
        `\n\nXử lý tại hộp công việc: ${f.portalUrl.replace(/\/+$/, '')}/can-bo/cong-viec` +
        '\n\nĐây là thư nhắc việc tự động, gửi một lần mỗi ngày cho mỗi công việc sắp đến hạn.',
      sms: `Nhắc việc: “${f.taskName ?? 'Công việc'}” hồ sơ ${code(f)} đến hạn ${dateVi(f.taskDue)}.`,
    }),
  },
};

function truncate(s: string, max: number): string {
  const flat = s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;:,\s]+$/, '');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Which template tells the applicant of a history event of this kind (null: none). */
export function templateFor(kind: string): string | null {
  switch (kind) {
    case 'main-clock-started':
      return 'received';
    case 'supplement-requested':
      return 'supplement';
    case 'payment-requested':
      return 'fee';
    case 'result-returned':
      return 'result-ready';
    case 'refused':
    case 'not-accepted':
    case 'stopped':
      return 'refused';
    case 'late':
      return 'apology';
    case 'task-reminder':
      return 'task-reminder';
    default:
      return null;
  }
}

/** The template ids and their current versions. */
export const TEMPLATE_VERSIONS: Record<string, number> = Object.fromEntries(
  Object.values(TEMPLATES).map((t) => [t.id, t.version]),
);

/** Renders the template; throws on an unknown id (a programming error, not the recipient's). */
export function renderTemplate(templateId: string, facts: MessageFacts): RenderedMessage {
  const t = TEMPLATES[templateId];
  if (!t) throw new Error(`No notification template ${templateId}`);
  const r = t.render(facts);
  return { templateId: t.id, templateVersion: t.version, ...r };
}
