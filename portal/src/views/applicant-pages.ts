import type { Dossier } from '@motcua/db';
import type { FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { channelLabelVi } from '../dossiers/channel.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi, formatDateVi } from './format.js';
import { formJsHead, formJsMount } from './form-page-parts.js';
import { formsSection } from './legal-forms.js';
import { layout, type PageContext } from './layout.js';
import { submittedDataTable } from './submitted-data.js';
import {
  documentsSection,
  historySection,
  supplementSection,
  withdrawLink,
  type DossierLifeView,
} from './dossier-life-parts.js';

export function lookupForm(code = ''): SafeHtml {
  return html`<form method="get" action="/tra-cuu" class="lookup" role="search">
    <label for="ma">Mã hồ sơ <span class="en" lang="en">Dossier code</span></label>
    <div class="row">
      <input
        id="ma"
        name="ma"
        value="${code}"
        maxlength="64"
        placeholder="VD: 000.00.01.G13-261127-00001"
        required
      />
      <button type="submit" class="button">Tra cứu</button>
    </div>
  </form>`;
}

export function homePage(ctx: PageContext, entries: CatalogueEntry[]): SafeHtml {
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
        <section class="panel grow">
          <h2>Danh sách thủ tục <span class="en" lang="en">Procedures</span></h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Mã thủ tục</th>
                <th scope="col">Tên thủ tục</th>
                <th scope="col">Cơ quan thực hiện</th>
              </tr>
            </thead>
            <tbody>
              ${entries.map(
                (e) =>
                  html`<tr>
                    <td class="nowrap">${e.code}</td>
                    <td>
                      <a href="/thu-tuc/${encodeURIComponent(e.key)}">${e.nameVi}</a
                      >${e.nameEn && html`<div class="en" lang="en">${e.nameEn}</div>`}
                    </td>
                    <td>${e.agencyVi ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>
        <aside class="panel side">
          <h2>Tra cứu hồ sơ</h2>
          ${lookupForm()}
        </aside>
      </div>`,
  );
}

export function procedurePage(
  ctx: PageContext,
  e: CatalogueEntry,
  schema: FormSchema | undefined,
  o: {
    /** The engine could not serve the deployed form (down, or the procedure not deployed yet). */
    formUnavailable?: boolean;
    /** The deployed process version whose form is shown. */
    definitionVersion?: number;
  } = {},
): SafeHtml {
  const canApply = ctx.user?.role === 'applicant' && ctx.csrfToken && schema;
  return layout(
    ctx,
    e.nameVi,
    html`<nav class="breadcrumb" aria-label="Vị trí"><a href="/">Thủ tục hành chính</a> › ${e.code}</nav>
      <section class="panel">
        <h1>${e.nameVi}</h1>
        ${e.nameEn && html`<p class="en" lang="en">${e.nameEn}</p>`}
        <dl class="facts">
          <div>
            <dt>Mã thủ tục</dt>
            <dd>${e.code}</dd>
          </div>
          ${
            e.agencyVi &&
            html`<div>
              <dt>Cơ quan thực hiện</dt>
              <dd>${e.agencyVi}</dd>
            </div>`
          }
          ${
            (e.processingDays > 0 || e.metadata.processingTime) &&
            html`<div>
              <dt>Thời hạn giải quyết</dt>
              <dd>
                ${
                  // A time in calendar days or months has no working-day count: the law's words.
                  e.processingDays > 0
                    ? `${e.processingDays} ngày làm việc`
                    : (e.metadata.processingTime?.asStated ?? '')
                }
              </dd>
            </div>`
          }
          <div>
            <dt>Cách thức</dt>
            <dd>Trực tuyến</dd>
          </div>
          ${
            o.definitionVersion !== undefined &&
            html`<div>
              <dt>Phiên bản quy trình</dt>
              <dd data-definition-version="${String(o.definitionVersion)}">${String(o.definitionVersion)}</dd>
            </div>`
          }
        </dl>
      </section>
      <section class="panel">
        <h2>Tờ khai trực tuyến <span class="en" lang="en">Online application</span></h2>
        ${
          canApply
            ? formJsMount({
                schema,
                submitUrl: `/thu-tuc/${encodeURIComponent(e.key)}/nop-ho-so`,
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
                    <a href="/dang-nhap?next=${encodeURIComponent(`/thu-tuc/${e.key}`)}">đăng nhập</a> để nộp
                    hồ sơ.
                  </p>`
        }
      </section>`,
    canApply ? formJsHead : undefined,
  );
}

function statusBadge(code: number | null, label: string): SafeHtml {
  return html`<span class="badge badge-s${code ?? 0}">${label}</span>`;
}

function storedStatusLabel(d: Dossier, labels: (code: number) => string): string {
  if (d.engineState === 'start-failed') return 'Chưa nộp được (lỗi hệ thống)';
  if (d.engineState === 'starting') return 'Đang gửi';
  return d.statusCode ? labels(d.statusCode) : 'Mới đăng ký';
}

export function myDossiersPage(
  ctx: PageContext,
  rows: Array<{ d: Dossier; procedure: CatalogueEntry | undefined }>,
  labels: (code: number) => string,
): SafeHtml {
  return layout(
    ctx,
    'Hồ sơ của tôi',
    html`<section class="panel">
      <h1>Hồ sơ của tôi <span class="en" lang="en">My dossiers</span></h1>
      ${
        rows.length === 0
          ? html`<p>Bạn chưa nộp hồ sơ nào. <a href="/">Chọn thủ tục để nộp hồ sơ</a>.</p>`
          : html`<table class="table">
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Ngày nộp</th>
                  <th scope="col">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  ({ d, procedure }) =>
                    html`<tr>
                      <td class="nowrap"><a href="/ho-so/${d.id}">${d.dossierCode ?? 'Đang cấp mã'}</a></td>
                      <td>${procedure?.nameVi ?? d.procedureKey}</td>
                      <td class="nowrap">${formatDateVi(d.submittedAt)}</td>
                      <td>${statusBadge(d.statusCode, storedStatusLabel(d, labels))}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`,
  );
}

function progressFacts(d: Dossier, p: DossierProgress | null, labels: (code: number) => string): SafeHtml {
  const code = p?.dossierCode ?? d.dossierCode;
  return html`<dl class="facts">
    <div>
      <dt>Mã hồ sơ</dt>
      <dd class="dossier-code">${code ?? 'Đang cấp mã — vui lòng tải lại trang sau ít giây'}</dd>
    </div>
    <div>
      <dt>Trạng thái</dt>
      <dd class="dossier-status">
        ${statusBadge(p?.statusCode ?? d.statusCode, p ? p.statusVi : storedStatusLabel(d, labels))}
        ${p && html`<span class="en" lang="en">${p.statusEn}</span>`}
      </dd>
    </div>
    <div>
      <dt>Ngày nộp</dt>
      <dd>${formatDateTimeVi(d.submittedAt)}</dd>
    </div>
    <div>
      <dt>Kênh</dt>
      <dd class="dossier-channel">${channelLabelVi(d.channel)}</dd>
    </div>
    ${
      p?.appointmentDate &&
      html`<div>
        <dt>Ngày hẹn trả kết quả</dt>
        <dd>${formatDateVi(p.appointmentDate)}</dd>
      </div>`
    }
    ${
      p?.newAppointmentDate &&
      html`<div>
        <dt>Ngày hẹn trả kết quả mới</dt>
        <dd class="new-appointment">
          ${formatDateVi(p.newAppointmentDate)} <span class="badge badge-late">Quá hạn</span>
        </dd>
      </div>`
    }
    ${
      p?.outcome === 'approved' &&
      html`<div>
        <dt>Kết quả</dt>
        <dd>
          Được
          cấp${p.resultNumber && html` — số chứng chỉ <strong class="result-number">${p.resultNumber}</strong>`}
        </dd>
      </div>`
    }
    ${
      p?.outcome === 'refused' &&
      html`<div>
        <dt>Kết quả</dt>
        <dd>Không được cấp</dd>
      </div>`
    }
    ${
      p?.rejectionReason &&
      html`<div>
        <dt>Lý do</dt>
        <dd>${p.rejectionReason}</dd>
      </div>`
    }
  </dl>`;
}

/** The dossier's named steps so far, oldest first (owner and officers only). */
export function timeline(p: DossierProgress | null): SafeHtml {
  if (!p?.steps.length) return html``;
  return html`<ol class="timeline">
    ${p.steps.map(
      (s) =>
        html`<li class="${s.endTime ? 'done' : 'current'}">
          <span class="step">${s.name}</span>
          <span class="when">${s.endTime ? formatDateTimeVi(s.endTime) : 'Đang thực hiện'}</span>
        </li>`,
    )}
  </ol>`;
}

export function dossierPage(
  ctx: PageContext,
  d: Dossier,
  procedure: CatalogueEntry | undefined,
  schema: FormSchema | undefined,
  progress: DossierProgress | null,
  engineDown: boolean,
  labels: (code: number) => string,
  life?: DossierLifeView,
  flash?: string,
): SafeHtml {
  return layout(
    ctx,
    `Hồ sơ ${d.dossierCode ?? ''}`,
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/ho-so-cua-toi">Hồ sơ của tôi</a> › ${progress?.dossierCode ?? d.dossierCode ?? 'Hồ sơ mới'}
      </nav>
      <section class="panel">
        <h1>${procedure?.nameVi ?? d.procedureKey}</h1>
        ${engineDown && html`<p class="alert">Không lấy được trạng thái mới nhất từ hệ thống xử lý; đang hiển thị trạng thái đã lưu.</p>`}
        ${d.engineState === 'start-failed' && html`<p class="alert alert-error">Hồ sơ này chưa được gửi tới cơ quan giải quyết do lỗi hệ thống. Vui lòng nộp lại.</p>`}
        ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
        ${progressFacts(d, progress, labels)} ${life?.canWithdraw && withdrawLink(d)}
      </section>
      ${progress && life?.supplementForm && supplementSection(ctx, d, progress, life.supplementForm)}
      ${life?.forms && formsSection(life.forms, `/ho-so/${d.id}`)} ${life && documentsSection(life.documents)}
      ${life && historySection(life.history, labels)}
      ${
        progress?.steps.length &&
        html`<section class="panel">
          <h2>Quá trình xử lý <span class="en" lang="en">Progress</span></h2>
          ${timeline(progress)}
        </section>`
      }
      <section class="panel">
        <h2>Thông tin đã khai <span class="en" lang="en">Submitted information</span></h2>
        ${submittedDataTable(schema, d.submittedData)}
      </section>`,
    progress?.awaitingSupplement && life?.supplementForm ? formJsHead : undefined,
  );
}

export function lookupPage(
  ctx: PageContext,
  code: string,
  found: { d: Dossier; procedure: CatalogueEntry | undefined; progress: DossierProgress | null } | null,
  labels: (code: number) => string,
): SafeHtml {
  return layout(
    ctx,
    'Tra cứu hồ sơ',
    html`<section class="panel narrow-wide">
      <h1>Tra cứu hồ sơ <span class="en" lang="en">Dossier lookup</span></h1>
      ${lookupForm(code)}
      ${code && !found && html`<p class="alert" role="status">Không tìm thấy hồ sơ có mã <strong>${code}</strong>.</p>`}
      ${
        found &&
        html`<h2>${found.procedure?.nameVi ?? found.d.procedureKey}</h2>
          ${progressFacts(found.d, found.progress, labels)}
          <p class="muted small">
            Trang tra cứu công khai chỉ hiển thị trạng thái và các mốc thời gian, không hiển thị thông tin cá
            nhân.
          </p>`
      }
    </section>`,
  );
}
