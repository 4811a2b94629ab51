import type { FormSchema } from '@motcua/forms';
import type { CatalogueQuery } from '../catalogue/catalogue-search.js';
import { UNKNOWN_VI } from '@motcua/processes';
import type { ProcedureFacts } from '../catalogue/procedure-facts.js';
import { html, type SafeHtml } from '../http/html.js';
import { formJsHead, formJsMount } from './form-page-parts.js';
import { layout, type PageContext } from './layout.js';
import { lookupForm } from './lookup-page.js';

const unknown = html`<span class="unknown">${UNKNOWN_VI}</span>`;
const orUnknown = (v: string | null | undefined): SafeHtml | string => v || unknown;

function select(name: string, label: string, options: string[], chosen: string): SafeHtml {
  return html`<div class="filter">
    <label for="${name}">${label}</label>
    <select id="${name}" name="${name}">
      <option value="">Tất cả</option>
      ${options.map((o) => html`<option value="${o}" ${o === chosen ? html`selected` : ''}>${o}</option>`)}
    </select>
  </div>`;
}

export interface CatalogueListView {
  results: ProcedureFacts[];
  total: number;
  query: CatalogueQuery;
  options: { fields: string[]; agencies: string[] };
}

export function homePage(ctx: PageContext, v: CatalogueListView): SafeHtml {
  const filtered = Boolean(v.query.q || v.query.field || v.query.agency);
  return layout(
    ctx,
    'Thủ tục hành chính',
    html`<section class="hero">
        <h1>Dịch vụ công trực tuyến</h1>
        <p>
          Nộp hồ sơ thủ tục hành chính của Bộ Khoa học và Công nghệ, theo dõi tiến độ và nhận kết quả trực
          tuyến.
        </p>
        <p class="en" lang="en">
          Apply online for the Ministry's administrative procedures and follow your dossier.
        </p>
      </section>
      <div class="columns">
        <section class="panel grow" aria-labelledby="procedures-heading">
          <h2 id="procedures-heading">Danh sách thủ tục <span class="en" lang="en">Procedures</span></h2>
          <form method="get" action="/" class="catalogue-search" role="search" aria-label="Tìm thủ tục">
            <div class="filter filter-wide">
              <label for="q">Tìm thủ tục (gõ có hoặc không dấu)</label>
              <input id="q" name="q" type="search" value="${v.query.q}" maxlength="200" />
            </div>
            ${select('linh-vuc', 'Lĩnh vực', v.options.fields, v.query.field)}
            ${select('co-quan', 'Cơ quan thực hiện', v.options.agencies, v.query.agency)}
            <div class="filter-actions">
              <button type="submit" class="button">Tìm</button>
              ${filtered && html`<a href="/">Bỏ lọc</a>`}
            </div>
          </form>
          <p class="muted small" role="status" id="catalogue-count">
            ${filtered ? `Tìm thấy ${v.results.length} / ${v.total} thủ tục.` : `${v.total} thủ tục.`}
          </p>
          ${
            v.results.length === 0
              ? html`<p class="alert">
                  Không có thủ tục nào phù hợp. Hãy thử từ khóa khác hoặc bỏ bớt bộ lọc.
                </p>`
              : html`<ul class="procedure-list">
                  ${v.results.map(
                    (p) =>
                      html`<li class="procedure-item">
                        <a class="procedure-name" href="/thu-tuc/${encodeURIComponent(p.key)}">${p.nameVi}</a>
                        <dl class="procedure-meta">
                          <div>
                            <dt>Mã thủ tục</dt>
                            <dd class="procedure-code">${orUnknown(p.nationalCode)}</dd>
                          </div>
                          <div>
                            <dt>Lĩnh vực</dt>
                            <dd>${orUnknown(p.fieldVi)}</dd>
                          </div>
                          <div>
                            <dt>Cơ quan thực hiện</dt>
                            <dd>${orUnknown(p.agencyVi)}</dd>
                          </div>
                          <div>
                            <dt>Cấp thực hiện</dt>
                            <dd>${orUnknown(p.levelVi)}</dd>
                          </div>
                        </dl>
                      </li>`,
                  )}
                </ul>`
          }
        </section>
        <aside class="panel side" aria-labelledby="lookup-heading">
          <h2 id="lookup-heading">Tra cứu hồ sơ</h2>
          ${lookupForm()}
        </aside>
      </div>`,
  );
}

function fact(label: string, value: SafeHtml | string, cls = ''): SafeHtml {
  return html`<div class="${cls}">
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;
}

function feesValue(p: ProcedureFacts): SafeHtml {
  if (!p.fees && !p.feeNoteVi) return unknown;
  return html`${
    p.fees?.length
      ? html`<ul class="plain">
          ${p.fees.map((f) => html`<li>${f.nameVi}: <strong>${f.amountVi}</strong></li>`)}
        </ul>`
      : ''
  }${p.feeNoteVi && html`<p class="small">${p.feeNoteVi}</p>`}`;
}

function onlineValue(p: ProcedureFacts): SafeHtml | string {
  if (p.onlineVi) return p.onlineVi;
  return p.legacyLevel
    ? html`${unknown} <span class="muted small">(phân loại cũ: mức độ ${p.legacyLevel})</span>`
    : unknown;
}

function documentsSection(p: ProcedureFacts): SafeHtml {
  return html`<section class="panel" aria-labelledby="docs-heading">
    <h2 id="docs-heading">Thành phần hồ sơ <span class="en" lang="en">Required documents</span></h2>
    ${
      p.documents === null || p.documents.length === 0
        ? html`<p>${unknown}. Vui lòng liên hệ cơ quan thực hiện để biết giấy tờ cần nộp.</p>`
        : html`<ol class="documents-required">
            ${p.documents.map(
              (d) =>
                html`<li>
                  ${d.nameVi}
                  <span class="muted small"
                    >—
                    ${d.mandatoryVi ?? 'Chưa rõ bắt buộc hay không'}${d.copies ? html`; số lượng: ${d.copies}` : ''}</span
                  >
                </li>`,
            )}
          </ol>`
    }
  </section>`;
}

export function procedurePage(
  ctx: PageContext,
  p: ProcedureFacts,
  schema: FormSchema | undefined,
  o: {
    /** The engine could not serve the deployed form (down, or the procedure not deployed yet). */
    formUnavailable?: boolean;
    /** The deployed process version whose form is shown. */
    definitionVersion?: number;
    /** The applicant's upload slots for the documents, beside the form (views/document-parts.ts). */
    uploadSlots?: SafeHtml;
  } = {},
): SafeHtml {
  const canApply = ctx.user?.role === 'applicant' && ctx.csrfToken && schema;
  return layout(
    ctx,
    p.nameVi,
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/">Thủ tục hành chính</a> › ${p.nationalCode ?? p.nameVi}
      </nav>
      <section class="panel">
        <h1>${p.nameVi}</h1>
        ${p.nameEn && html`<p class="en" lang="en">${p.nameEn}</p>`}
        <dl class="facts procedure-facts">
          ${fact('Mã thủ tục', orUnknown(p.nationalCode), 'fact-code')}
          ${fact('Lĩnh vực', orUnknown(p.fieldVi))}
          ${fact('Cơ quan thực hiện', orUnknown(p.agencyVi), 'fact-agency')}
          ${fact('Cấp thực hiện', orUnknown(p.levelVi))}
          ${fact('Thời hạn giải quyết', orUnknown(p.processingTimeVi), 'fact-time')}
          ${fact('Phí, lệ phí', feesValue(p), 'fact-fees')}
          ${fact('Dịch vụ công trực tuyến', onlineValue(p), 'fact-online')}
          ${fact('Cách thức thực hiện', p.channelsVi ? p.channelsVi.join(', ') : unknown)}
          ${fact('Điều kiện thực hiện', orUnknown(p.conditionsVi), 'fact-conditions')}
          ${fact('Kết quả', orUnknown(p.resultVi), 'fact-result')}
          ${fact('Cơ quan cấp kết quả', orUnknown(p.resultFromVi))}
          ${fact(
            'Căn cứ pháp lý',
            p.legalBasis
              ? html`<ul class="plain">
                  ${p.legalBasis.map((l) => html`<li>${l.code}${l.nameVi && html` — ${l.nameVi}`}</li>`)}
                </ul>`
              : unknown,
            'fact-legal',
          )}
          ${
            o.definitionVersion !== undefined &&
            html`<div>
              <dt>Phiên bản quy trình</dt>
              <dd data-definition-version="${String(o.definitionVersion)}">${String(o.definitionVersion)}</dd>
            </div>`
          }
        </dl>
      </section>
      ${documentsSection(p)}
      <section class="panel">
        <h2>Tờ khai trực tuyến <span class="en" lang="en">Online application</span></h2>
        ${canApply && o.uploadSlots}
        ${
          canApply
            ? formJsMount({
                schema,
                submitUrl: `/thu-tuc/${encodeURIComponent(p.key)}/nop-ho-so`,
                submitLabel: 'Nộp hồ sơ',
                csrfToken: ctx.csrfToken!,
              })
            : o.formUnavailable
              ? html`<p class="alert alert-error">
                  Chưa tải được tờ khai của thủ tục này từ hệ thống xử lý hồ sơ. Vui lòng thử lại sau ít phút.
                </p>`
              : ctx.user
                ? html`<p class="alert">Chỉ tài khoản công dân/tổ chức mới nộp được hồ sơ.</p>`
                : html`<p class="alert">
                    Vui lòng
                    <a href="/dang-nhap?next=${encodeURIComponent(`/thu-tuc/${p.key}`)}">đăng nhập</a> để nộp
                    hồ sơ.
                  </p>`
        }
      </section>`,
    canApply ? formJsHead : undefined,
  );
}
