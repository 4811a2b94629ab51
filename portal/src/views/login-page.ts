import { html } from '../http/html.js';
import { layout, type PageContext } from './layout.js';

export function loginPage(
  ctx: PageContext,
  o: {
    csrf: string;
    next: string;
    username?: string;
    error?: string;
    demo?: string[];
    /** The password form is shown (AUTH_PASSWORD_LOGIN). Default true. */
    passwordLogin?: boolean;
    /** Identity-provider sign-ins offered. */
    sso?: { citizen: boolean; officer: boolean };
  },
) {
  const nextQuery = o.next ? `?next=${encodeURIComponent(o.next)}` : '';
  const passwordLogin = o.passwordLogin ?? true;
  return layout(
    ctx,
    'Đăng nhập',
    html`<section class="panel narrow">
      <h1>Đăng nhập <span class="en" lang="en">Sign in</span></h1>
      ${o.error && html`<div class="alert alert-error" role="alert">${o.error}</div>`}
      ${
        o.sso?.citizen &&
        html`<p>
          <a class="button" href="/dang-nhap/oidc${nextQuery}"
            >Đăng nhập bằng tài khoản định danh (VNeID / Cổng DVCQG)</a
          >
        </p>`
      }
      ${
        o.sso?.officer &&
        html`<p>
          <a class="button button-light" href="/dang-nhap/oidc/can-bo${nextQuery}"
            >Cán bộ: đăng nhập bằng tài khoản của Bộ</a
          >
        </p>`
      }
      ${
        passwordLogin &&
        html`${(o.sso?.citizen || o.sso?.officer) && html`<h2 class="small">Hoặc đăng nhập bằng mật khẩu</h2>`}
          <form method="post" action="/dang-nhap" class="stack">
            <input type="hidden" name="_csrf" value="${o.csrf}" />
            <input type="hidden" name="next" value="${o.next}" />
            <label for="username">Tên đăng nhập <span class="en" lang="en">Username</span></label>
            <input
              id="username"
              name="username"
              autocomplete="username"
              required
              maxlength="100"
              value="${o.username ?? ''}"
            />
            <label for="password">Mật khẩu <span class="en" lang="en">Password</span></label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxlength="200"
            />
            <button type="submit" class="button">Đăng nhập</button>
          </form>`
      }
      ${
        o.demo?.length &&
        html`<p class="muted small">
          Tài khoản thử nghiệm: ${o.demo.map((u, i) => html`${i ? ', ' : ''}<code>${u}</code>`)} (mật khẩu
          được in ra khi khởi động).
        </p>`
      }
    </section>`,
  );
}
