import type { Dossier, PaymentAttempt } from '@motcua/db/portal';
import { html, type SafeHtml } from '../http/html.js';
import { formatVnd, vndInWords } from '../payment/vnd-in-words.js';
import { formatDateTimeVi } from './format.js';
import { layout, type PageContext } from './layout.js';

/** What the applicant's dossier page shows of online payment. */
export interface PaymentSectionView {
  dueVnd: number | null;
  attempts: PaymentAttempt[];
  open: PaymentAttempt | null;
}

const STATUS_VI: Record<PaymentAttempt['status'], string> = {
  pending: 'Đang chờ thanh toán',
  paid: 'Đã thanh toán',
  failed: 'Không thành công',
  expired: 'Hết hạn',
};

export const receiptHref = (d: Dossier, a: PaymentAttempt) => `/ho-so/${d.id}/bien-lai/${a.txnRef}.pdf`;

function attemptsTable(d: Dossier, attempts: PaymentAttempt[]): SafeHtml {
  if (!attempts.length) return html``;
  return html`<h3>Các lần thanh toán trực tuyến</h3>
    <table class="table table-stack">
      <thead>
        <tr>
          <th scope="col">Mã giao dịch</th>
          <th scope="col">Số tiền</th>
          <th scope="col">Thời điểm</th>
          <th scope="col">Kết quả</th>
        </tr>
      </thead>
      <tbody>
        ${attempts.map(
          (a) =>
            html`<tr>
              <td data-label="Mã giao dịch">${a.txnRef}</td>
              <td data-label="Số tiền">${formatVnd(a.amountVnd)} đồng</td>
              <td data-label="Thời điểm">${formatDateTimeVi(a.createdAt)}</td>
              <td data-label="Kết quả">
                ${STATUS_VI[a.status]}
                ${
                  a.status === 'paid' &&
                  html` — <a href="${receiptHref(d, a)}">Tải biên lai điện tử (PDF)</a>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

/** "Nộp lệ phí trực tuyến" on the applicant's dossier: the fee due, the pay button, the attempts. */
export function paymentSection(ctx: PageContext, d: Dossier, v: PaymentSectionView): SafeHtml {
  if (v.dueVnd === null && !v.attempts.length) return html``;
  // The newest request ran out unpaid (its timer in the process marked it): say so, offer a new one.
  const lastExpired = !v.open && v.attempts[0]?.status === 'expired' ? v.attempts[0] : null;
  return html`<section class="panel" id="le-phi">
    <h2>Nộp lệ phí trực tuyến <span class="en" lang="en">Pay the fee online</span></h2>
    ${
      v.dueVnd !== null &&
      html`<p>Số tiền phải nộp: <strong>${formatVnd(v.dueVnd)} đồng</strong> (${vndInWords(v.dueVnd)}).</p>
        ${
          v.open
            ? html`<p class="alert" role="status">
                Đã có yêu cầu thanh toán mã ${v.open.txnRef} đang chờ (hết hạn lúc
                ${formatDateTimeVi(v.open.expiresAt)}). Nếu chưa thanh toán xong, bạn có thể tạo yêu cầu mới.
              </p>`
            : lastExpired
              ? html`<p class="alert" role="status">
                  Yêu cầu thanh toán đã hết hạn (mã ${lastExpired.txnRef}, hết hạn lúc
                  ${formatDateTimeVi(lastExpired.expiresAt)}) mà chưa được thanh toán. Bạn có thể thanh toán
                  lại bằng một yêu cầu mới.
                </p>`
              : ''
        }
        <form method="post" action="/ho-so/${d.id}/thanh-toan">
          <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
          <button type="submit" class="button">
            ${lastExpired ? 'Thanh toán lại' : 'Nộp lệ phí trực tuyến'}
          </button>
        </form>
        <p class="muted small">
          Bạn sẽ được chuyển tới cổng thanh toán. Kết quả được ghi nhận khi cổng thanh toán xác nhận với cơ
          quan.
        </p>`
    }
    ${attemptsTable(d, v.attempts)}
  </section>`;
}

export interface PaymentResultView {
  dossier: Dossier;
  attempt: PaymentAttempt;
  /** What the gateway told the browser (display only); the attempt's status is what counts. */
  gatewaySaidPaid: boolean;
  responseCode: string;
}

/** Readable reasons for VNPay's response codes the applicant can meet. */
const RESPONSE_VI: Record<string, string> = {
  '24': 'bạn đã hủy giao dịch',
  '11': 'đã hết thời gian chờ thanh toán',
  '51': 'tài khoản không đủ số dư',
  '65': 'tài khoản đã vượt hạn mức giao dịch trong ngày',
  '75': 'ngân hàng thanh toán đang bảo trì',
};

/** The page the gateway sends the browser back to: the result as we recorded it. */
export function paymentResultPage(ctx: PageContext, v: PaymentResultView | null): SafeHtml {
  if (!v)
    return layout(
      ctx,
      'Kết quả thanh toán',
      html`<section class="panel">
        <h1>Kết quả thanh toán</h1>
        <p class="alert alert-error" role="alert">
          Không xác thực được kết quả thanh toán nhận từ cổng thanh toán. Nếu bạn đã thanh toán, kết quả sẽ
          được cập nhật trên hồ sơ khi cổng thanh toán xác nhận với cơ quan.
        </p>
        <p><a href="/ho-so-cua-toi">Về Hồ sơ của tôi</a></p>
      </section>`,
    );
  const { dossier: d, attempt: a } = v;
  const code = d.dossierCode ?? d.id;
  let message: SafeHtml;
  if (a.status === 'paid')
    message = html`<p class="alert alert-ok" role="status">
        Thanh toán thành công ${formatVnd(a.amountVnd)} đồng cho hồ sơ ${code}. Hồ sơ được chuyển xử lý tiếp.
      </p>
      <p><a class="button" href="${receiptHref(d, a)}">Tải biên lai điện tử (PDF)</a></p>`;
  else if (v.gatewaySaidPaid)
    message = html`<p class="alert" role="status">
      Cổng thanh toán báo đã thanh toán; cơ quan đang chờ xác nhận chính thức từ cổng thanh toán. Vui lòng xem
      lại hồ sơ sau ít phút.
    </p>`;
  else
    message = html`<p class="alert alert-error" role="alert">
      Thanh toán không thành công${RESPONSE_VI[v.responseCode] ? html`: ${RESPONSE_VI[v.responseCode]}` : ''}
      (mã ${v.responseCode}). Bạn có thể nộp lại từ trang hồ sơ.
    </p>`;
  return layout(
    ctx,
    'Kết quả thanh toán',
    html`<section class="panel">
      <h1>Kết quả thanh toán</h1>
      ${message}
      <dl class="facts">
        <div>
          <dt>Mã hồ sơ</dt>
          <dd class="dossier-code">${code}</dd>
        </div>
        <div>
          <dt>Mã giao dịch</dt>
          <dd>${a.txnRef}</dd>
        </div>
        <div>
          <dt>Số tiền</dt>
          <dd>${formatVnd(a.amountVnd)} đồng (${vndInWords(a.amountVnd)})</dd>
        </div>
      </dl>
      <p><a href="/ho-so/${d.id}#le-phi">Xem hồ sơ</a></p>
    </section>`,
  );
}
