import { html } from '../http/html.js';
import { layout, type PageContext } from '../views/layout.js';

/** A refused sign-in: what happened in plain Vietnamese, and the ways to try again. */
export function ssoRefusedPage(ctx: PageContext, o: { message: string; retry: string }) {
  return layout(
    ctx,
    'Không đăng nhập được',
    html`<section class="panel narrow" role="alert">
      <h1>Không đăng nhập được</h1>
      <p>${o.message}</p>
      <p class="en" lang="en">The sign-in was refused.</p>
      <p><a class="button" href="${o.retry}">Đăng nhập lại</a></p>
      <p><a href="/">← Về trang chủ</a></p>
    </section>`,
  );
}

export function signedOutPage(ctx: PageContext) {
  return layout(
    ctx,
    'Đã đăng xuất',
    html`<section class="panel narrow">
      <h1>Bạn đã đăng xuất</h1>
      <p>Bạn đã đăng xuất khỏi Cổng dịch vụ công và khỏi tài khoản định danh.</p>
      <p class="en" lang="en">You are signed out of the portal and of your identity provider.</p>
      <p><a href="/">← Về trang chủ</a></p>
    </section>`,
  );
}
