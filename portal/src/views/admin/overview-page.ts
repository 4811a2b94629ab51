import { PORTAL_ROLES } from '@motcua/db/portal';
import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX, ADMIN_SECTIONS } from '../../admin/admin-sections.js';
import type { AdminOverview } from '../../admin/admin-overview.service.js';
import { ROLE_VI, type PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

/** `/quan-tri`: the sections and the main figures. */
export function adminOverviewPage(ctx: PageContext, o: AdminOverview): SafeHtml {
  return adminLayout(ctx, {
    title: 'Tổng quan',
    current: ADMIN_PREFIX,
    body: html`<h1>Quản trị hệ thống</h1>
      <section class="panel" aria-labelledby="so-lieu">
        <h2 id="so-lieu">Số liệu chính</h2>
        <dl class="data-list admin-figures">
          ${PORTAL_ROLES.map(
            (r) =>
              html`<div>
                <dt>Tài khoản ${ROLE_VI[r]?.toLowerCase() ?? r} đang hoạt động</dt>
                <dd>${o.accountsByRole[r] ?? 0}</dd>
              </div>`,
          )}
          <div>
            <dt>Đơn vị đang hoạt động</dt>
            <dd>${o.activeUnits} / ${o.units}</dd>
          </div>
        </dl>
      </section>
      <section class="panel" aria-labelledby="cac-muc">
        <h2 id="cac-muc">Các mục quản trị</h2>
        <ul class="admin-sections">
          ${ADMIN_SECTIONS.filter((s) => s.href !== ADMIN_PREFIX).map(
            (s) => html`<li><a href="${s.href}">${s.labelVi}</a> — ${s.summaryVi}</li>`,
          )}
        </ul>
      </section>`,
  });
}
