import Router from '@koa/router';
import { z } from 'zod';
import { NotFoundError, type Logger } from '@motcua/domain';
import type { AuditStore, DossierStore, PortalUser } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import { requireRole } from '../auth/auth-middleware.js';
import { ownDossier as findOwnDossier } from '../dossiers/own-dossier.js';
import { pageContext, type PortalContext, type PortalState } from '../http/state.js';
import { paymentResultPage } from '../views/payment-pages.js';
import type { CallbackOutcome, PaymentService } from './payment.service.js';
import { renderReceiptPdf } from './receipt-pdf.js';

/** VNPay's IPN answer for each outcome (merchant IPN contract). */
export const VNPAY_IPN_ANSWERS: Record<CallbackOutcome | 'error', { RspCode: string; Message: string }> = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  'recorded-failure': { RspCode: '00', Message: 'Confirm Success' },
  'already-confirmed': { RspCode: '02', Message: 'Order already confirmed' },
  'not-found': { RspCode: '01', Message: 'Order not found' },
  'wrong-amount': { RspCode: '04', Message: 'Invalid amount' },
  'invalid-signature': { RspCode: '97', Message: 'Invalid Checksum' },
  error: { RspCode: '99', Message: 'Unknown error' },
};

export interface PaymentRoutesDeps {
  payments: PaymentService;
  dossiers: DossierStore;
  audit: AuditStore;
  catalogue: Catalogue;
  logger: Logger;
}

const receiptFile = z.string().regex(/^[A-Za-z0-9]{1,64}\.pdf$/);

/** The query string as plain strings (a repeated key keeps its first value). */
function queryOf(ctx: PortalContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.query)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first.slice(0, 2000);
  }
  return out;
}

/**
 * Online fee payment: the applicant starts a payment on their dossier, comes back from the
 * gateway to a result page (display only), downloads the receipt; the gateway's IPN
 * (`GET /api/thanh-toan/vnpay/ipn`, the fixed interface) is the only source of truth.
 */
export function paymentRoutes(d: PaymentRoutesDeps): Router<PortalState> {
  const router = new Router<PortalState>();
  const ownDossier = (ctx: PortalContext, user: PortalUser) =>
    findOwnDossier({ dossiers: d.dossiers, audit: d.audit }, ctx, user);

  router.post('/ho-so/:id/thanh-toan', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const url = await d.payments.start(user, dossier, ctx.ip);
    ctx.status = 303;
    ctx.redirect(url);
  });

  // The gateway's server-to-server call: no session, no CSRF (GET); the signature is the check.
  router.get('/api/thanh-toan/vnpay/ipn', async (ctx) => {
    let outcome: CallbackOutcome | 'error';
    try {
      outcome = await d.payments.handleCallback(queryOf(ctx), ctx.ip);
    } catch (err) {
      d.logger.error({ err }, 'VNPay IPN failed');
      outcome = 'error';
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = VNPAY_IPN_ANSWERS[outcome];
  });

  // The browser comes back here; what it carries is shown only after its signature is checked,
  // and the attempt's status in our table (set by the IPN) is what the page calls the result.
  router.get('/thanh-toan/vnpay/ket-qua', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const back = await d.payments.returned(queryOf(ctx));
    const dossier = back ? await d.dossiers.findById(back.attempt.dossierId) : null;
    const mine = back && dossier && dossier.applicantId === user.id;
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'html';
    ctx.body = paymentResultPage(
      pageContext(ctx),
      mine
        ? {
            dossier,
            attempt: back.attempt,
            gatewaySaidPaid: back.said.outcome === 'paid',
            responseCode: back.said.responseCode,
          }
        : null,
    ).toString();
  });

  router.get('/ho-so/:id/bien-lai/:file', async (ctx) => {
    const user = await requireRole(ctx, d.audit, 'applicant');
    const dossier = await ownDossier(ctx, user);
    const file = receiptFile.safeParse(ctx.params.file);
    if (!file.success) throw new NotFoundError('No such receipt');
    const txnRef = file.data.slice(0, -'.pdf'.length);
    const data = await d.payments.receipt(dossier, txnRef, d.catalogue.get(dossier.procedureKey));
    if (!data) throw new NotFoundError('No such receipt');
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `attachment; filename="bien-lai-${txnRef}.pdf"`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = Buffer.from(await renderReceiptPdf(data));
  });

  return router;
}
