import { html, type SafeHtml } from '../http/html.js';

export interface PageUser {
  displayName: string;
  role: string;
}

export interface PageContext {
  user: PageUser | null;
  csrfToken: string | null;
}

export const ROLE_VI: Record<string, string> = {
  applicant: 'Công dân',
  officer: 'Cán bộ',
  leader: 'Lãnh đạo',
  admin: 'Quản trị',
  designer: 'Thiết kế quy trình',
};

function nav(ctx: PageContext): SafeHtml {
  const u = ctx.user;
  const staff = u && (u.role === 'officer' || u.role === 'leader');
  return html`<nav class="nav" aria-label="Điều hướng chính">
    <ul>
      <li><a href="/">Thủ tục hành chính</a></li>
      <li><a href="/tra-cuu">Tra cứu hồ sơ</a></li>
      ${u?.role === 'applicant' && html`<li><a href="/ho-so-cua-toi">Hồ sơ của tôi</a></li>`}
      ${staff && html`<li><a href="/can-bo/cong-viec">Công việc cần xử lý</a></li>`}
      ${u?.role === 'designer' && html`<li><a href="/thiet-ke">Thiết kế quy trình</a></li>`}
      ${staff && html`<li><a href="/can-bo/ho-so">Hồ sơ của đơn vị</a></li>`}
      ${u?.role === 'leader' && html`<li><a href="/lanh-dao/bao-cao">Báo cáo</a></li>`}
      ${u?.role === 'admin' && html`<li><a href="/quan-tri">Quản trị</a></li>`}
      ${u && html`<li><a href="/tai-khoan/thong-bao">Nhận thông báo</a></li>`}
    </ul>
    <div class="nav-user">
      ${
        u
          ? html`<span class="who">${u.displayName} · ${ROLE_VI[u.role] ?? u.role}</span>
              <form method="post" action="/dang-xuat" class="inline">
                <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
                <button type="submit" class="link-button">Đăng xuất</button>
              </form>`
          : html`<a class="button button-light" href="/dang-nhap">Đăng nhập</a>`
      }
    </div>
  </nav>`;
}

/** The page frame: header with the ministry's name, navigation, main content, footer. */
export function layout(ctx: PageContext, title: string, body: SafeHtml, extraHead?: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} — Cổng dịch vụ công Bộ Khoa học và Công nghệ</title>
        <link rel="stylesheet" href="/static/styles.css" />
        ${extraHead}
      </head>
      <body>
        <a class="skip-link" href="#main">Bỏ qua đến nội dung chính</a>
        <header class="site-header">
          <div class="container header-inner">
            <a class="brand" href="/">
              <span class="emblem" aria-hidden="true">★</span>
              <span>
                <span class="brand-ministry">Bộ Khoa học và Công nghệ</span>
                <span class="brand-portal">Cổng dịch vụ công trực tuyến</span>
                <span class="brand-en" lang="en"
                  >Ministry of Science and Technology — Online public services</span
                >
              </span>
            </a>
          </div>
          <div class="nav-bar"><div class="container">${nav(ctx)}</div></div>
        </header>
        <main id="main" class="container">${body}</main>
        <footer class="site-footer">
          <div class="container">
            <p>
              Cổng dịch vụ công Bộ Khoa học và Công nghệ · motcua (bản thử nghiệm) ·
              <a href="/du-lieu-mo">Dữ liệu mở</a>
            </p>
            <p lang="en">
              Ministry of Science and Technology online public service portal · motcua (preview)
            </p>
          </div>
        </footer>
      </body>
    </html>`;
}

/** A full error page (404, 403, 500…) in the same frame. */
export function errorPage(
  ctx: PageContext,
  status: number,
  titleVi: string,
  messageVi: string,
  messageEn?: string,
): SafeHtml {
  return layout(
    ctx,
    titleVi,
    html`<section class="panel error-panel" role="alert">
      <h1>${titleVi}</h1>
      <p>${messageVi}</p>
      ${messageEn && html`<p class="en" lang="en">${messageEn}</p>`}
      <p class="muted">Mã lỗi: ${status}</p>
      <p><a href="/">← Về trang chủ</a></p>
    </section>`,
  );
}
