/**
 * The emulator's pages, in Vietnamese like VNPay's own: the payment page (pay, cancel), the
 * messages for a refused or expired request. Plain HTML with one stylesheet, no script, so they
 * pass a strict CSP (`script-src 'self'`, no inline style) when mounted in the portal.
 */
import { formatDateTimeVi } from '@motcua/domain';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const groupThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** `dd/mm/yyyy HH:mm` in Vietnam's time. */
export function formatVi(at: Date): string {
  return formatDateTimeVi(at);
}

function layout(prefix: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — Cổng thanh toán VNPAY (giả lập)</title>
<link rel="stylesheet" href="${esc(prefix)}/vnpay.css">
</head>
<body>
<header class="bar"><p class="brand">VNPAY <span class="tag">Giả lập để phát triển và kiểm thử — không trừ tiền thật</span></p></header>
<main>
${body}
</main>
</body>
</html>`;
}

export interface PaymentPageData {
  prefix: string;
  sessionId: string;
  merchant: string;
  txnRef: string;
  amountVnd: number;
  orderInfo: string;
  expiresAt: Date | null;
}

export function paymentPage(d: PaymentPageData): string {
  return layout(
    d.prefix,
    'Thanh toán',
    `<h1>Thanh toán trực tuyến</h1>
<dl class="order">
  <dt>Đơn vị chấp nhận thanh toán</dt><dd>${esc(d.merchant)}</dd>
  <dt>Mã giao dịch</dt><dd>${esc(d.txnRef)}</dd>
  <dt>Nội dung</dt><dd>${esc(d.orderInfo)}</dd>
  <dt>Số tiền</dt><dd class="amount">${groupThousands(d.amountVnd)} đồng</dd>
  ${d.expiresAt ? `<dt>Hết hạn lúc</dt><dd>${esc(formatVi(d.expiresAt))}</dd>` : ''}
</dl>
<form method="post" action="${esc(d.prefix)}/paymentv2/xac-nhan" class="actions">
  <input type="hidden" name="phien" value="${esc(d.sessionId)}">
  <p><label for="bank">Ngân hàng</label>
  <select id="bank" name="bank"><option value="NCB">NCB — Ngân hàng Quốc Dân (thẻ thử nghiệm)</option><option value="VCB">Vietcombank (thẻ thử nghiệm)</option></select></p>
  <button type="submit" name="hanh-dong" value="thanh-toan" class="primary">Thanh toán</button>
  <button type="submit" name="hanh-dong" value="huy">Hủy giao dịch</button>
</form>
<p class="note">Để thử hết hạn: chờ quá thời điểm hết hạn rồi bấm Thanh toán.</p>`,
  );
}

export function messagePage(prefix: string, title: string, text: string, back?: string): string {
  return layout(
    prefix,
    title,
    `<h1>${esc(title)}</h1>
<p class="message">${esc(text)}</p>
${back ? `<p><a href="${esc(back)}">Quay lại trang của đơn vị</a></p>` : ''}`,
  );
}

/** The stylesheet: readable at 390 px (one column, wrapping text), AA contrast. */
export const VNPAY_CSS = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1a1a1a;background:#f3f6fa;line-height:1.5}
.bar{background:#005baa;color:#fff;padding:.75rem 1rem}
.brand{margin:0;font-weight:700;font-size:1.25rem;overflow-wrap:anywhere}
.tag{display:block;font-weight:400;font-size:.875rem}
main{max-width:40rem;margin:1rem auto;padding:1rem;background:#fff;border-radius:.5rem}
h1{font-size:1.5rem;margin-top:0}
.order{display:grid;grid-template-columns:minmax(0,1fr);gap:.25rem}
.order dt{font-weight:600;margin-top:.5rem}
.order dd{margin:0;overflow-wrap:anywhere}
.amount{font-size:1.25rem;font-weight:700;color:#b00020}
.actions{margin-top:1rem}
select{width:100%;padding:.5rem;font-size:1rem}
button{font-size:1rem;padding:.6rem 1.2rem;margin:.5rem .5rem 0 0;border:1px solid #005baa;border-radius:.25rem;background:#fff;color:#005baa;cursor:pointer}
button.primary{background:#005baa;color:#fff}
.note{font-size:.875rem;color:#444}
.message{overflow-wrap:anywhere}
a{color:#004a8c}
`;
