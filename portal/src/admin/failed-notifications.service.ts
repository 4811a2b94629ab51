import { ConflictError, NotFoundError } from '@motcua/domain';
import type { AuditStore, DossierStore, NotificationOutboxStore, OutboxMessage } from '@motcua/db/portal';
import { EngineError, type EngineClient } from '../engine/engine-client.js';

/** A failed message as the administrators' page shows it (the recipient masked). */
export interface FailedNotificationRow {
  id: number;
  dossier: { id: string; code: string | null } | null;
  channel: 'email' | 'sms';
  channelVi: string;
  recipientMasked: string;
  kind: string;
  kindVi: string;
  templateId: string | null;
  attempts: number;
  lastError: string;
  createdAt: Date;
  failedAt: Date | null;
  /** The engine incident raised for it (null: none, e.g. an officer's reminder). */
  incidentId: string | null;
  /** Its incident is still being raised: "Gửi lại" waits until it is recorded. */
  incidentPending: boolean;
}

export interface FailedNotificationPage {
  rows: FailedNotificationRow[];
  total: number;
  page: number;
  pageSize: number;
}

export const FAILED_NOTIFICATIONS_PAGE_SIZE = 20;

const CHANNEL_VI = { email: 'Thư điện tử', sms: 'Tin nhắn SMS' } as const;

/** The message kinds in Vietnamese (the status changes of NOTIFIABLE_KINDS and the reminders). */
const KIND_VI: Record<string, string> = {
  'main-clock-started': 'Tiếp nhận hồ sơ, hẹn ngày trả',
  'supplement-requested': 'Yêu cầu bổ sung hồ sơ',
  'payment-requested': 'Thông báo lệ phí',
  'result-returned': 'Có kết quả',
  refused: 'Từ chối giải quyết',
  'not-accepted': 'Không tiếp nhận hồ sơ',
  stopped: 'Dừng giải quyết',
  late: 'Thư xin lỗi, hẹn lại ngày trả',
  'task-reminder': 'Nhắc việc sắp đến hạn (cán bộ)',
};

/**
 * An address shown without exposing it: the e-mail's first two letters and its domain, the
 * phone number's first three and last three digits.
 */
export function maskRecipient(channel: 'email' | 'sms', recipient: string): string {
  if (channel === 'email') {
    const at = recipient.lastIndexOf('@');
    if (at < 1) return '***';
    return `${recipient.slice(0, Math.min(2, at))}***${recipient.slice(at)}`;
  }
  if (recipient.length < 7) return '***';
  return `${recipient.slice(0, 3)}${'*'.repeat(recipient.length - 6)}${recipient.slice(-3)}`;
}

/**
 * The notifications that kept failing (issue 12), for the administrators: the outbox's failed
 * messages with their dossier, and "Gửi lại": resolve the message's engine incident (Camunda 7
 * `DELETE /incident/{id}`), then queue the message again for the workers' sender (attempts start
 * over), audited as `notification.resent`. The sender sends it once (the outbox's claim).
 */
export class FailedNotificationsService {
  constructor(
    private readonly d: {
      outbox: NotificationOutboxStore;
      dossiers: DossierStore;
      engine: EngineClient;
      audit: AuditStore;
      clock?: () => Date;
    },
  ) {}

  async list(page: number): Promise<FailedNotificationPage> {
    const { rows, total } = await this.d.outbox.listFailed(page, FAILED_NOTIFICATIONS_PAGE_SIZE);
    const dossierIds = [...new Set(rows.map((r) => r.dossierId).filter((x): x is string => x !== null))];
    const dossiers = new Map(
      (await Promise.all(dossierIds.map((id) => this.d.dossiers.findById(id))))
        .filter((x) => x !== null)
        .map((x) => [x.id, x]),
    );
    return {
      rows: rows.map((m) => this.row(m, dossiers.get(m.dossierId ?? '')?.dossierCode)),
      total,
      page,
      pageSize: FAILED_NOTIFICATIONS_PAGE_SIZE,
    };
  }

  private row(m: OutboxMessage, dossierCode: string | null | undefined): FailedNotificationRow {
    return {
      id: m.id,
      dossier: m.dossierId ? { id: m.dossierId, code: dossierCode ?? null } : null,
      channel: m.channel,
      channelVi: CHANNEL_VI[m.channel],
      recipientMasked: maskRecipient(m.channel, m.recipient),
      kind: m.kind,
      kindVi: KIND_VI[m.kind] ?? m.kind,
      templateId: m.templateId,
      attempts: m.attempts,
      lastError: m.lastError ?? '',
      createdAt: m.createdAt,
      failedAt: m.failedAt,
      incidentId: m.incidentId,
      incidentPending: m.incidentState === 'raising',
    };
  }

  /**
   * "Gửi lại": NotFoundError for an unknown message; ConflictError when it is no longer failed
   * (someone sent it again already) or its incident is still being raised (the worker records it
   * within its claim; resending meanwhile would leave that incident behind).
   */
  async resend(id: number, by: { actor: string; ip: string | null }): Promise<FailedNotificationRow> {
    const m = await this.d.outbox.find(id);
    if (!m) throw new NotFoundError('Không có thông báo này.');
    if (m.state !== 'failed')
      throw new ConflictError('Thông báo này không còn ở trạng thái gửi lỗi (đã được gửi lại).');
    if (m.incidentState === 'raising')
      throw new ConflictError('Hệ thống đang ghi nhận sự cố cho thông báo này; xin thử lại sau ít phút.');
    const incidentResolved = m.incidentId ? await this.resolveIncident(m.incidentId) : false;
    if (!(await this.d.outbox.retryFailed(m.id, this.d.clock?.() ?? new Date())))
      throw new ConflictError('Thông báo này không còn ở trạng thái gửi lỗi (đã được gửi lại).');
    await this.d.audit.append({
      actor: by.actor,
      action: 'notification.resent',
      target: m.dossierId ? `dossier:${m.dossierId}` : `notification:${m.id}`,
      detail: {
        outboxId: m.id,
        channel: m.channel,
        kind: m.kind,
        attempts: m.attempts,
        lastError: m.lastError?.slice(0, 300) ?? null,
        processInstanceId: m.processInstanceId,
        incidentId: m.incidentId,
        incidentResolved,
      },
      ip: by.ip,
    });
    return this.row(m, null);
  }

  /** True when resolved now; false when it was gone already (resolved in the cockpit, say). */
  private async resolveIncident(incidentId: string): Promise<boolean> {
    try {
      await this.d.engine.call('DELETE', `/incident/${encodeURIComponent(incidentId)}`);
      return true;
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return false;
      throw err;
    }
  }
}
