import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_SECTIONS } from '../../admin/admin-sections.js';
import { layout, type PageContext } from '../layout.js';

/**
 * The administration's frame: the portal layout with the sections' navigation beside (wide
 * screens) or above (phones) the content. `current` is the href of the section shown.
 */
export function adminLayout(
  ctx: PageContext,
  page: { title: string; current: string; body: SafeHtml; extraHead?: SafeHtml },
): SafeHtml {
  return layout(
    ctx,
    `${page.title} · Quản trị`,
    html`<div class="admin">
      <nav class="admin-nav" aria-label="Quản trị hệ thống">
        <p class="admin-nav-title">Quản trị hệ thống</p>
        <ul>
          ${ADMIN_SECTIONS.map(
            (s) =>
              html`<li>
                <a href="${s.href}" ${s.href === page.current ? html`aria-current="page"` : ''}
                  >${s.labelVi}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <div class="admin-content">${page.body}</div>
    </div>`,
    html`<link rel="stylesheet" href="/static/admin.css" />${page.extraHead}`,
  );
}
