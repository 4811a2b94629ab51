import {
  FACT_VI,
  PROCEDURE_FACTS,
  type CoverageCounts,
  type CoverageGroup,
  type CoverageReport,
} from '@motcua/processes';
import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';

/** "Thời hạn giải quyết: 27; Phí, lệ phí: 37" — the facts missing, with how many procedures lack each. */
function missingText(c: CoverageCounts): string {
  const facts = PROCEDURE_FACTS.filter((f) => c.missingByFact[f]);
  return facts.length ? facts.map((f) => `${FACT_VI[f]}: ${c.missingByFact[f]}`).join('; ') : '—';
}

function groupTable(id: string, title: string, first: string, rows: CoverageGroup[]): SafeHtml {
  return html`<section class="panel" aria-labelledby="${id}">
    <h2 id="${id}">${title}</h2>
    <div class="table-scroll" tabindex="0" role="region" aria-label="${title}">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">${first}</th>
            <th scope="col">Trong danh mục</th>
            <th scope="col">Phiên bản cũ</th>
            <th scope="col">Cần xác minh</th>
            <th scope="col">Sinh quy trình</th>
            <th scope="col">Công bố</th>
            <th scope="col">Còn thiếu (thủ tục chưa công bố)</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (g) =>
              html`<tr>
                <th scope="row">${g.nameVi}</th>
                <td>${g.catalogued}</td>
                <td>${g.superseded}</td>
                <td>${g.toVerify}</td>
                <td>${g.generated}</td>
                <td>${g.published}</td>
                <td class="coverage-missing">${missingText(g)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

const STATUS_VI = { current: 'Hiện hành', superseded: 'Phiên bản cũ', 'to-verify': 'Cần xác minh' } as const;

/**
 * `/quan-tri/danh-muc`: how much of the catalogue is published, per field and per agency, and
 * for each procedure not published why and which facts to fill in (`npm run procedures:coverage`).
 */
export function catalogueCoveragePage(ctx: PageContext, r: CoverageReport): SafeHtml {
  const t = r.totals;
  const pending = r.procedures.filter((p) => !p.published);
  const agencies = [...new Set(pending.map((p) => p.agencyVi))].sort((a, b) => a.localeCompare(b, 'vi'));
  return adminLayout(ctx, {
    title: 'Danh mục thủ tục',
    current: `${ADMIN_PREFIX}/danh-muc`,
    body: html`<h1>Danh mục thủ tục hành chính</h1>
      <p class="muted">
        Dữ kiện chưa rõ được để trống, không suy đoán. Cán bộ bổ sung bằng bảng sửa theo mẫu tệp xuất của CSDL
        quốc gia (<code>npm run procedures:import -- tệp.xlsx --corrections</code>).
      </p>
      <section class="panel" aria-labelledby="tong-so">
        <h2 id="tong-so">Tổng số</h2>
        <dl class="data-list coverage-totals">
          <div>
            <dt>Trong danh mục</dt>
            <dd>${t.catalogued}</dd>
          </div>
          <div>
            <dt>Hiện hành</dt>
            <dd>${t.current}</dd>
          </div>
          <div>
            <dt>Phiên bản cũ (lưu để tra cứu)</dt>
            <dd>${t.superseded}</dd>
          </div>
          <div>
            <dt>Cần xác minh còn hiệu lực</dt>
            <dd>${t.toVerify}</dd>
          </div>
          <div>
            <dt>Sinh quy trình</dt>
            <dd>${t.generated}</dd>
          </div>
          <div>
            <dt>Công bố</dt>
            <dd>${t.published}</dd>
          </div>
        </dl>
      </section>
      ${groupTable('theo-linh-vuc', 'Theo lĩnh vực', 'Lĩnh vực', r.byField)}
      ${groupTable('theo-co-quan', 'Theo cơ quan', 'Cơ quan', r.byAgency)}
      <section class="panel" aria-labelledby="chua-cong-bo">
        <h2 id="chua-cong-bo">Thủ tục chưa công bố (${pending.length}): cần bổ sung gì</h2>
        ${agencies.map(
          (agency) =>
            html`<h3>${agency}</h3>
              <ul class="coverage-procedures">
                ${pending
                  .filter((p) => p.agencyVi === agency)
                  .map(
                    (p) =>
                      html`<li class="coverage-procedure" data-id="${p.id}">
                        <details>
                          <summary>
                            ${p.nameVi}
                            <span class="muted small"
                              >(${p.code ?? 'chưa rõ mã'}; ${STATUS_VI[p.status]})</span
                            >
                          </summary>
                          <ul>
                            ${p.blockers.map((b) => html`<li class="coverage-blocker">${b}</li>`)}
                            ${p.missing.map(
                              (m) => html`<li><strong>${FACT_VI[m.fact]}</strong> chưa rõ: ${m.noteVi}</li>`,
                            )}
                          </ul>
                        </details>
                      </li>`,
                  )}
              </ul>`,
        )}
      </section>`,
  });
}
