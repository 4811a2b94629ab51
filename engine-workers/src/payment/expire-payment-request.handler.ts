import type { AuditStore, DossierLifeStore, PaymentStore } from '@motcua/db/workers';
import { TOPICS } from '@motcua/processes';
import { defineHandler, type TopicHandler } from '../runtime/define-handler.js';
import { requireDossierId } from '../deadline/task-variables.js';

export interface ExpirePaymentRequestDeps {
  payments: PaymentStore;
  life: DossierLifeStore;
  audit: AuditStore;
  clock?: () => Date;
}

/**
 * `payment.expire-request` (`ServiceTask_ExpirePaymentRequest`) — the timer an online payment
 * request started on the payment wait fired: every request of the dossier still pending whose
 * time (`vnp_ExpireDate`) has passed is marked expired (one conditional update each, so a
 * redelivered task or a concurrent IPN changes nothing twice), with a line in the dossier's
 * history ("Yêu cầu thanh toán đã hết hạn") and an audit entry. The process keeps waiting for the
 * fee; the applicant opens a new request (a new reference). A request paid meanwhile is not
 * touched (its timer still fires and finds nothing); an IPN that comes after the expiry is still
 * confirmed and settled by the portal (payment.service.ts), since the gateway took the money.
 */
export function expirePaymentRequestHandler(deps: ExpirePaymentRequestDeps): TopicHandler {
  const clock = deps.clock ?? (() => new Date());
  return defineHandler(TOPICS.expirePaymentRequest, async ({ task, logger }) => {
    const dossierId = requireDossierId(task);
    const now = clock();
    const expired: string[] = [];
    for (const a of await deps.payments.listByDossier(dossierId)) {
      if (a.expiresAt > now) continue;
      const closed =
        a.status === 'pending' &&
        (await deps.payments.close(a.txnRef, 'expired', {
          responseCode: null,
          confirmedBy: 'timer',
          at: now,
        }));
      // Written again on a redelivery after a failure between the two writes: the key keeps it once.
      if (!closed && !(a.status === 'expired' && a.confirmedBy === 'timer')) continue;
      await deps.life.appendHistory({
        eventKey: `payment-expired:${a.txnRef}`,
        dossierId,
        processInstanceId: task.processInstanceId,
        statusCode: null,
        kind: 'payment-expired',
        textVi: `Yêu cầu thanh toán đã hết hạn (mã giao dịch ${a.txnRef}, ${a.amountVnd.toLocaleString('vi-VN')} đồng): chưa thanh toán. Tổ chức, cá nhân có thể thanh toán lại.`,
        actor: 'system',
        detail: { txnRef: a.txnRef, amountVnd: a.amountVnd, gateway: a.gateway },
        at: now,
      });
      if (closed) {
        await deps.audit.append(
          {
            actor: 'system:timer',
            action: 'payment.expired',
            target: dossierId,
            detail: { txnRef: a.txnRef, amountVnd: a.amountVnd, gateway: a.gateway },
            ip: null,
          },
          now,
        );
        expired.push(a.txnRef);
      }
    }
    logger.info({ dossierId, expired }, 'payment request timer fired');
  });
}
