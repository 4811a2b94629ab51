import { html, raw, type SafeHtml } from '../../http/html.js';
import { layout } from '../../views/layout.js';

/**
 * The embedded identity provider's pages, in the portal's frame (same stylesheet, no inline script
 * or style, so they pass the portal's strict CSP). A banner says plainly that this is the
 * development stand-in for VNeID / the national portal's SSO, not the real one.
 */
const NOBODY = { user: null, csrfToken: null };

function idpFrame(title: string, body: SafeHtml): string {
  return layout(
    NOBODY,
    title,
    html`<section class="panel narrow">
      <p class="alert" role="note">
        Nhà cung cấp định danh thử nghiệm (chỉ dùng khi phát triển), thay cho VNeID / Cổng DVCQG.
      </p>
      ${body}
    </section>`,
  ).toString();
}

export function idpLoginPage(o: {
  uid: string;
  csrf: string;
  clientName: string;
  username?: string;
  error?: string;
  demo: string[];
}): string {
  return idpFrame(
    'Đăng nhập tài khoản định danh',
    html`<h1>Đăng nhập tài khoản định danh</h1>
      <p>Ứng dụng <strong>${o.clientName}</strong> yêu cầu bạn đăng nhập.</p>
      ${o.error && html`<div class="alert alert-error" role="alert">${o.error}</div>`}
      <form method="post" action="/oidc/interaction/${o.uid}/dang-nhap" class="stack">
        <input type="hidden" name="_csrf" value="${o.csrf}" />
        <label for="idp-username">Số định danh cá nhân hoặc tên đăng nhập</label>
        <input
          id="idp-username"
          name="username"
          autocomplete="username"
          required
          maxlength="100"
          value="${o.username ?? ''}"
        />
        <label for="idp-password">Mật khẩu</label>
        <input
          id="idp-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxlength="200"
        />
        <button type="submit" class="button">Đăng nhập</button>
      </form>
      <form method="post" action="/oidc/interaction/${o.uid}/huy" class="stack">
        <input type="hidden" name="_csrf" value="${o.csrf}" />
        <button type="submit" class="button button-light">Hủy, quay lại cổng dịch vụ công</button>
      </form>
      <p class="muted small">
        Tài khoản thử nghiệm: ${o.demo.map((u, i) => html`${i ? ', ' : ''}<code>${u}</code>`)} (mật khẩu thử
        nghiệm được in ra khi khởi động).
      </p>`,
  );
}

const CLAIM_LABELS: Record<string, string> = {
  name: 'Họ và tên',
  so_dinh_danh: 'Số định danh cá nhân',
};

export function idpConsentPage(o: {
  uid: string;
  csrf: string;
  clientName: string;
  claims: string[];
}): string {
  return idpFrame(
    'Chia sẻ thông tin',
    html`<h1>Chia sẻ thông tin định danh</h1>
      <p><strong>${o.clientName}</strong> đề nghị được nhận các thông tin sau của bạn:</p>
      <ul>
        ${o.claims.map((c) => html`<li>${CLAIM_LABELS[c] ?? c}</li>`)}
      </ul>
      <form method="post" action="/oidc/interaction/${o.uid}/dong-y" class="stack">
        <input type="hidden" name="_csrf" value="${o.csrf}" />
        <button type="submit" class="button">Đồng ý</button>
      </form>
      <form method="post" action="/oidc/interaction/${o.uid}/huy" class="stack">
        <input type="hidden" name="_csrf" value="${o.csrf}" />
        <button type="submit" class="button button-light">Không đồng ý</button>
      </form>`,
  );
}

/** oidc-provider's sign-out question; `form` is its own form (hidden xsrf field), buttons are ours. */
export function idpLogoutPage(o: { form: string; host: string }): string {
  return idpFrame(
    'Đăng xuất tài khoản định danh',
    html`<h1>Đăng xuất tài khoản định danh</h1>
      <p>Bạn có muốn đăng xuất khỏi tài khoản định danh tại ${o.host}?</p>
      ${raw(o.form)}
      <div class="stack">
        <button type="submit" form="op.logoutForm" value="yes" name="logout" class="button">Đăng xuất</button>
        <button type="submit" form="op.logoutForm" class="button button-light">Giữ đăng nhập</button>
      </div>`,
  );
}

export function idpLogoutDonePage(): string {
  return idpFrame(
    'Đã đăng xuất',
    html`<h1>Đã đăng xuất</h1>
      <p>Bạn đã đăng xuất khỏi tài khoản định danh.</p>
      <p><a href="/">← Về trang chủ cổng dịch vụ công</a></p>`,
  );
}

/** The provider's error page: the OAuth error code and a Vietnamese sentence, nothing else. */
export function idpErrorPage(o: { error: string; description?: string }): string {
  return idpFrame(
    'Lỗi đăng nhập',
    html`<h1>Không thực hiện được yêu cầu đăng nhập</h1>
      <p role="alert">
        Yêu cầu gửi tới nhà cung cấp định danh không hợp lệ hoặc đã hết hạn. Vui lòng quay lại cổng dịch vụ
        công và đăng nhập lại.
      </p>
      <p class="muted small">Mã lỗi: <code>${o.error}</code>${o.description && html` — ${o.description}`}</p>
      <p><a href="/">← Về trang chủ cổng dịch vụ công</a></p>`,
  );
}
