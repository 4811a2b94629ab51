import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { ProcedureInstances, VersionInstances } from '../../admin/running-instances.service.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

const SECTION = `${ADMIN_PREFIX}/quy-trinh`;

/** `/quan-tri/quy-trinh`: running instances per procedure and version. */
export function runningInstancesPage(ctx: PageContext, procedures: ProcedureInstances[]): SafeHtml {
  return adminLayout(ctx, {
    title: 'Quy trình đang chạy',
    current: SECTION,
    body: html`<h1>Quy trình đang chạy</h1>
      <p>
        Số hồ sơ đang được xử lý theo từng thủ tục và từng phiên bản quy trình. Chọn một phiên bản để xem hồ
        sơ đang chờ ở bước nào.
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Quy trình và phiên bản">
        <table class="table table-stack">
          <caption class="sr-only">
            Hồ sơ đang xử lý theo thủ tục và phiên bản
          </caption>
          <thead>
            <tr>
              <th scope="col">Thủ tục</th>
              <th scope="col">Phiên bản</th>
              <th scope="col">Đang xử lý</th>
              <th scope="col">Sự cố</th>
            </tr>
          </thead>
          <tbody>
            ${procedures.map((p) =>
              p.versions.map(
                (v, i) =>
                  html`<tr data-key="${p.key}">
                    ${
                      i === 0 &&
                      html`<th scope="rowgroup" rowspan="${p.versions.length}" class="procedure-cell">
                        ${p.nameVi}${p.code && html`<br /><span class="muted small">${p.code}</span>`}
                      </th>`
                    }
                    <td data-label="Phiên bản">
                      <a href="${SECTION}/${v.definitionId}">Phiên bản ${v.version}</a>${
                        v.suspended && html` <span class="muted">(tạm dừng)</span>`
                      }
                    </td>
                    <td data-label="Đang xử lý">${v.instances}</td>
                    <td data-label="Sự cố">
                      ${v.incidents > 0 ? html`<strong class="overdue">${v.incidents}</strong>` : '0'}
                    </td>
                  </tr>`,
              ),
            )}
          </tbody>
        </table>
      </div>`,
  });
}

/** `/quan-tri/quy-trinh/:id`: the version's diagram with counts per step, and the same as a table. */
export function versionInstancesPage(ctx: PageContext, v: VersionInstances): SafeHtml {
  return adminLayout(ctx, {
    title: `${v.nameVi} — phiên bản ${v.version}`,
    current: SECTION,
    extraHead: html`<link rel="stylesheet" href="/static/admin-instance-counts.css" />`,
    body: html`<p class="breadcrumb"><a href="${SECTION}">← Quy trình đang chạy</a></p>
      <h1>${v.nameVi} — phiên bản ${v.version}</h1>
      <p>Hồ sơ đang xử lý theo phiên bản này: <strong>${v.instances}</strong>.</p>
      <section class="panel process-diagram-panel" aria-labelledby="so-do">
        <h2 id="so-do">Hồ sơ đang chờ ở từng bước</h2>
        <figure class="process-diagram-figure">
          <div
            id="instance-diagram"
            class="process-diagram"
            data-src="${SECTION}/${v.definitionId}/so-do.json"
          ></div>
          <figcaption class="muted small" id="instance-diagram-status" role="status" aria-live="polite">
            Đang tải sơ đồ quy trình… Bảng bên dưới có cùng số liệu.
          </figcaption>
        </figure>
        ${
          v.activities.length === 0
            ? html`<p class="muted">Không có hồ sơ nào đang chờ ở phiên bản này.</p>`
            : html`<div class="table-scroll" tabindex="0" role="region" aria-label="Số hồ sơ theo bước">
                <table class="table table-stack">
                  <caption class="sr-only">
                    Số hồ sơ đang chờ và sự cố theo bước
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Bước</th>
                      <th scope="col">Hồ sơ đang chờ</th>
                      <th scope="col">Sự cố</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${v.activities.map(
                      (a) =>
                        html`<tr data-activity-id="${a.activityId}">
                          <td data-label="Bước">${a.name}</td>
                          <td data-label="Hồ sơ đang chờ">${a.instances}</td>
                          <td data-label="Sự cố">
                            ${a.incidents > 0 ? html`<a href="${ADMIN_PREFIX}/su-co">${a.incidents}</a>` : '0'}
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
        }
        <script type="module" src="/static/admin-instance-counts.js"></script>
      </section>`,
  });
}
