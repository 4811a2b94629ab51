import type { StudioDraft } from '@motcua/db/portal';
import { html, jsonForScript, type SafeHtml } from '../http/html.js';
import type { ProcedureOverview } from '../studio/procedures-overview.js';
import type { MigrationOutcome, MigrationPreview } from '../studio/migration.service.js';
import type { ProcessDefinitionDto } from '../studio/studio-engine.js';
import type { VersionDiff } from '../studio/version-diff.js';
import { formatDateTimeVi } from './format.js';
import { layout, type PageContext } from './layout.js';

/** The studio pages' own stylesheet (after the portal's). */
export const studioHead: SafeHtml = html`<link rel="stylesheet" href="/static/studio.css" />`;

const CHECK_VI: Record<string, string> = {
  unchecked: 'Chưa kiểm tra',
  passed: 'Đạt',
  failed: 'Có lỗi',
};

function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />`;
}

function openForm(ctx: PageContext, key: string, from: string, label: string, extra?: string): SafeHtml {
  return html`<form method="post" action="/thiet-ke/ban-nhap" class="inline">
    ${csrfField(ctx)}<input type="hidden" name="key" value="${key}" /><input
      type="hidden"
      name="from"
      value="${from}"
    />
    <button
      type="submit"
      class="button button-small button-secondary"
      ${extra ? html`aria-label="${extra}"` : ''}
    >
      ${label}
    </button>
  </form>`;
}

function versionsTable(ctx: PageContext, p: ProcedureOverview): SafeHtml {
  if (p.engineError)
    return html`<p class="alert alert-error">Không hỏi được máy chủ quy trình về các phiên bản.</p>`;
  if (!p.versions.length) return html`<p class="muted small">Chưa triển khai phiên bản nào.</p>`;
  const latest = p.versions[0]!;
  return html`<div class="table-scroll">
    <table class="table studio-versions">
      <caption class="sr-only">
        Các phiên bản đã triển khai của ${p.nameVi}
      </caption>
      <thead>
        <tr>
          <th scope="col">Phiên bản</th>
          <th scope="col">Triển khai lúc</th>
          <th scope="col">Đang chạy</th>
          <th scope="col">Đã kết thúc</th>
          <th scope="col">Thao tác</th>
        </tr>
      </thead>
      <tbody>
        ${p.versions.map(
          (v) =>
            html`<tr data-version="${v.version}">
              <td>
                ${v.version}${v.deploymentSource === 'motcua-studio' ? html` <span class="tag">studio</span>` : ''}
              </td>
              <td class="nowrap">${formatDateTimeVi(v.deploymentTime)}</td>
              <td data-count="running">${v.running}</td>
              <td data-count="finished">${v.finished}</td>
              <td class="studio-actions">
                ${openForm(ctx, p.key, `version:${v.definitionId}`, 'Mở', `Mở phiên bản ${v.version} của ${p.nameVi}`)}
                ${
                  v !== latest &&
                  html`<a
                    class="button button-small button-light"
                    href="/thiet-ke/so-sanh?a=${encodeURIComponent(v.definitionId)}&amp;b=${encodeURIComponent(latest.definitionId)}"
                    >So sánh với bản ${latest.version}</a
                  >`
                }
                ${
                  v !== latest &&
                  v.running > 0 &&
                  html`<a
                    class="button button-small button-light"
                    href="/thiet-ke/chuyen-phien-ban?tu=${encodeURIComponent(v.definitionId)}&amp;den=${encodeURIComponent(latest.definitionId)}"
                    >Chuyển hồ sơ sang bản ${latest.version}</a
                  >`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function draftsList(p: ProcedureOverview): SafeHtml {
  if (!p.drafts.length) return html``;
  return html`<ul class="studio-drafts">
    ${p.drafts.map(
      (d) =>
        html`<li>
          <a href="/thiet-ke/ban-nhap/${d.id}">Bản nháp: ${d.title}</a>
          <span class="muted small"
            >${d.authorName} · ${formatDateTimeVi(d.updatedAt)} · kiểm tra:
            <span class="check-${d.checkStatus}">${CHECK_VI[d.checkStatus] ?? d.checkStatus}</span>${
              d.checkStatus !== 'unchecked' ? ` (${d.checkErrors} lỗi, ${d.checkWarnings} cảnh báo)` : ''
            }</span
          >
        </li>`,
    )}
  </ul>`;
}

/** `/thiet-ke`: every catalogue procedure with its versions, drafts and check status. */
export function proceduresPage(ctx: PageContext, query: string, procedures: ProcedureOverview[]): SafeHtml {
  return layout(
    ctx,
    'Thiết kế quy trình',
    html`<section class="hero">
        <h1>Thiết kế quy trình</h1>
        <p class="muted">
          Mô hình hóa, kiểm tra, triển khai phiên bản mới và chuyển hồ sơ đang chạy của các thủ tục hành
          chính.
        </p>
      </section>
      <form method="get" action="/thiet-ke" class="panel studio-search" role="search">
        <label for="q">Tìm thủ tục (mã hoặc tên, không cần dấu)</label>
        <div class="studio-search-row">
          <input id="q" name="q" type="search" value="${query}" maxlength="200" />
          <button type="submit" class="button">Tìm</button>
        </div>
      </form>
      <p class="muted" role="status">${procedures.length} thủ tục</p>
      ${procedures.map(
        (p) =>
          html`<section class="panel studio-procedure" data-key="${p.key}" aria-labelledby="p-${p.key}">
            <h2 id="p-${p.key}">
              <span class="code">${p.code ?? 'chưa có mã'}</span> ${p.nameVi}
              ${p.published ? html`<span class="tag tag-ok">đang phục vụ</span>` : ''}
            </h2>
            <p class="muted small">Khóa quy trình: <code>${p.key}</code></p>
            ${versionsTable(ctx, p)} ${draftsList(p)}
            <div class="studio-actions">
              ${openForm(ctx, p.key, 'catalogue', 'Mở mô hình danh mục', `Mở mô hình danh mục của ${p.nameVi}`)}
              ${openForm(ctx, p.key, 'template', 'Bắt đầu từ mẫu vòng đời hồ sơ', `Bắt đầu từ mẫu vòng đời hồ sơ cho ${p.nameVi}`)}
            </div>
          </section>`,
      )}`,
    studioHead,
  );
}

/** The draft editor: modeler, form editor, fee table, check and deploy (studio-editor.js). */
export function draftPage(ctx: PageContext, draft: StudioDraft, procedureName: string): SafeHtml {
  const formIds = Object.keys(draft.forms);
  return layout(
    ctx,
    `Bản nháp — ${procedureName}`,
    html`<p class="breadcrumb"><a href="/thiet-ke">Thiết kế quy trình</a> › ${procedureName}</p>
      <h1 class="studio-title">${procedureName}</h1>
      <p class="muted small">
        Bản nháp “${draft.title}” · lưu lần cuối bởi <span id="draft-author">${draft.authorName}</span> lúc
        <span id="draft-saved-at">${formatDateTimeVi(draft.updatedAt)}</span> ·
        <span id="save-status" role="status" aria-live="polite">Đã lưu</span>
      </p>
      <div
        id="studio"
        class="studio"
        data-draft-url="/thiet-ke/api/ban-nhap/${draft.id}"
        data-csrf="${ctx.csrfToken ?? ''}"
        data-procedure-key="${draft.procedureKey}"
      >
        <div class="studio-tabs" role="tablist" aria-label="Phần của bản nháp">
          <button type="button" role="tab" id="tab-bpmn" aria-controls="pane-bpmn" aria-selected="true">
            Quy trình (BPMN)
          </button>
          <button type="button" role="tab" id="tab-forms" aria-controls="pane-forms" aria-selected="false">
            Biểu mẫu (${formIds.length})
          </button>
          <button type="button" role="tab" id="tab-dmn" aria-controls="pane-dmn" aria-selected="false">
            Bảng phí (DMN)
          </button>
          <button type="button" role="tab" id="tab-deploy" aria-controls="pane-deploy" aria-selected="false">
            Kiểm tra và triển khai
          </button>
        </div>
        <section id="pane-bpmn" role="tabpanel" aria-labelledby="tab-bpmn" class="studio-pane">
          <div class="studio-modeler">
            <div id="bpmn-canvas" class="studio-canvas" aria-label="Sơ đồ quy trình"></div>
            <div id="bpmn-properties" class="studio-properties" aria-label="Thuộc tính phần tử"></div>
          </div>
          <p class="muted small">
            Phím tắt: Ctrl+Z hoàn tác, Ctrl+Y làm lại, Delete xóa, E sửa tên, mô phỏng token bằng nút ở góc
            trái.
          </p>
        </section>
        <section id="pane-forms" role="tabpanel" aria-labelledby="tab-forms" class="studio-pane" hidden>
          <label for="form-select">Biểu mẫu</label>
          <select id="form-select">
            ${formIds.map((id) => html`<option value="${id}">${id}</option>`)}
          </select>
          <div id="form-editor" class="studio-form-editor"></div>
        </section>
        <section id="pane-dmn" role="tabpanel" aria-labelledby="tab-dmn" class="studio-pane" hidden>
          ${
            draft.dmnXml
              ? html`<div class="studio-modeler">
                  <div id="dmn-canvas" class="studio-canvas"></div>
                  <div id="dmn-properties" class="studio-properties"></div>
                </div>`
              : html`<p class="muted">Thủ tục này không có bảng phí (DMN).</p>`
          }
        </section>
        <section id="pane-deploy" role="tabpanel" aria-labelledby="tab-deploy" class="studio-pane" hidden>
          <div class="panel">
            <h2>Kiểm tra</h2>
            <p>
              Kiểm tra mô hình trên máy chủ trước khi triển khai: lỗi chặn triển khai, cảnh báo chỉ để lưu ý.
            </p>
            <button type="button" class="button button-secondary" id="check-button">Kiểm tra</button>
            <div id="check-result" aria-live="polite"></div>
          </div>
          <div class="panel">
            <h2>Triển khai phiên bản mới</h2>
            <label for="deploy-note">Ghi chú thay đổi (bắt buộc, lưu vào nhật ký)</label>
            <textarea id="deploy-note" rows="3" maxlength="1000"></textarea>
            <button type="button" class="button" id="deploy-button">Triển khai phiên bản mới</button>
            <div id="deploy-result" role="status" aria-live="polite"></div>
          </div>
          <form method="post" action="/thiet-ke/ban-nhap/${draft.id}/chay-thu" class="panel">
            ${csrfField(ctx)}
            <h2>Chạy thử</h2>
            <p>
              Triển khai bản nháp đã lưu vào môi trường thử và khởi tạo một hồ sơ thử để xem quy trình dừng
              chờ ở đâu — không ảnh hưởng hồ sơ thật. <a href="/thiet-ke/chay-thu">Các lần chạy thử</a>
            </p>
            <button type="submit" class="button button-secondary" id="sandbox-button">Chạy thử</button>
          </form>
        </section>
      </div>
      <noscript><p class="alert alert-error">Trang thiết kế cần JavaScript.</p></noscript>
      <script type="module" src="/static/studio-editor.js"></script>`,
    html`${studioHead}<link rel="stylesheet" href="/static/studio-editor.css" />`,
  );
}

/** Migration of running instances: the activity mapping, the validation, the instances to choose. */
export function migrationPage(ctx: PageContext, p: MigrationPreview, error?: string): SafeHtml {
  const failures = p.validation.instructionReports.filter((r) => r.failures.length);
  return layout(
    ctx,
    'Chuyển hồ sơ sang phiên bản mới',
    html`<p class="breadcrumb"><a href="/thiet-ke">Thiết kế quy trình</a> › Chuyển phiên bản</p>
      <h1>Chuyển hồ sơ đang chạy: phiên bản ${p.source.version} → ${p.target.version}</h1>
      <p class="muted">${p.source.name ?? p.source.key}. Hồ sơ không được chọn ở lại phiên bản của mình.</p>
      ${error && html`<p class="alert alert-error" role="alert">${error}</p>`}
      <section class="panel">
        <h2>Ánh xạ hoạt động</h2>
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Hoạt động ở bản ${p.source.version}</th>
                <th scope="col">Hoạt động ở bản ${p.target.version}</th>
              </tr>
            </thead>
            <tbody>
              ${p.plan.instructions.map(
                (i) =>
                  html`<tr>
                    <td><code>${i.sourceActivityIds.join(', ')}</code></td>
                    <td><code>${i.targetActivityIds.join(', ')}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <h2>Kết quả kiểm tra kế hoạch</h2>
        ${
          failures.length
            ? html`<ul class="alert alert-error" id="migration-validation">
                ${failures.map((f) => html`<li><code>${f.instruction.sourceActivityIds.join(', ')}</code>: ${f.failures.join('; ')}</li>`)}
              </ul>`
            : html`<p class="alert alert-ok" id="migration-validation">
                Kế hoạch hợp lệ: mọi ánh xạ đều được máy chủ quy trình chấp nhận.
              </p>`
        }
      </section>
      <form method="post" action="/thiet-ke/chuyen-phien-ban" class="panel">
        ${csrfField(ctx)}
        <input type="hidden" name="tu" value="${p.source.id}" /><input
          type="hidden"
          name="den"
          value="${p.target.id}"
        />
        <fieldset>
          <legend>Hồ sơ đang chạy ở phiên bản ${p.source.version} (${p.instances.length})</legend>
          ${
            p.instances.length
              ? p.instances.map(
                  (i) =>
                    html`<div class="check-row">
                      <input type="checkbox" name="hoSo" value="${i.id}" id="pi-${i.id}" />
                      <label for="pi-${i.id}">${i.businessKey ?? i.id}</label>
                    </div>`,
                )
              : html`<p class="muted">Không có hồ sơ nào đang chạy ở phiên bản này.</p>`
          }
        </fieldset>
        <label for="note">Lý do chuyển (bắt buộc, lưu vào nhật ký)</label>
        <textarea id="note" name="note" rows="2" maxlength="1000"></textarea>
        <button type="submit" class="button" ${p.instances.length ? '' : 'disabled'}>
          Chuyển các hồ sơ đã chọn
        </button>
      </form>`,
    studioHead,
  );
}

export function migrationDonePage(ctx: PageContext, o: MigrationOutcome): SafeHtml {
  return layout(
    ctx,
    'Đã chuyển phiên bản',
    html`<section class="panel" role="status">
      <h1>Đã chuyển ${o.migrated.length} hồ sơ sang phiên bản ${o.target.version}</h1>
      <ul>
        ${o.migrated.map((id) => html`<li><code>${id}</code></li>`)}
      </ul>
      <p><a href="/thiet-ke">← Về danh sách thủ tục</a></p>
    </section>`,
    studioHead,
  );
}

const TYPE_VI: Record<string, string> = {
  'bpmn:UserTask': 'Nhiệm vụ người dùng',
  'bpmn:ServiceTask': 'Nhiệm vụ dịch vụ',
  'bpmn:SequenceFlow': 'Luồng',
  'bpmn:ExclusiveGateway': 'Cổng rẽ nhánh',
  'bpmn:StartEvent': 'Sự kiện bắt đầu',
  'bpmn:EndEvent': 'Sự kiện kết thúc',
  'bpmn:BoundaryEvent': 'Sự kiện biên',
};

/** Two versions side by side (studio-diff.js draws them) and the list of changes. */
export function diffPage(
  ctx: PageContext,
  v: {
    older: ProcessDefinitionDto;
    newer: ProcessDefinitionDto;
    oldXml: string;
    newXml: string;
    diff: VersionDiff;
  },
): SafeHtml {
  const label = (e: { id: string; type: string; name: string | null }) =>
    html`${TYPE_VI[e.type] ?? e.type.replace('bpmn:', '')}
      <code>${e.id}</code>${e.name ? html` “${e.name}”` : ''}`;
  const { diff } = v;
  return layout(
    ctx,
    'So sánh phiên bản',
    html`<p class="breadcrumb"><a href="/thiet-ke">Thiết kế quy trình</a> › So sánh phiên bản</p>
      <h1>So sánh phiên bản ${v.older.version} và ${v.newer.version}</h1>
      <p class="muted">${v.newer.name ?? v.newer.key}</p>
      <p class="diff-legend">
        <span class="legend legend-added">Thêm mới</span> <span class="legend legend-removed">Đã bỏ</span>
        <span class="legend legend-changed">Thay đổi</span>
      </p>
      <div class="diff-viewers">
        <section aria-labelledby="old-title">
          <h2 id="old-title">Phiên bản ${v.older.version}</h2>
          <div
            id="diff-old"
            class="diff-canvas"
            role="group"
            aria-label="Sơ đồ phiên bản ${v.older.version}"
          ></div>
        </section>
        <section aria-labelledby="new-title">
          <h2 id="new-title">Phiên bản ${v.newer.version}</h2>
          <div
            id="diff-new"
            class="diff-canvas"
            role="group"
            aria-label="Sơ đồ phiên bản ${v.newer.version}"
          ></div>
        </section>
      </div>
      <section class="panel" id="diff-list">
        <h2>Các thay đổi</h2>
        ${
          !diff.added.length && !diff.removed.length && !diff.changed.length
            ? html`<p>
                Hai phiên bản có cùng các phần tử và thuộc
                tính${diff.layoutChanged.length ? ' (chỉ khác bố cục sơ đồ)' : ''}.
              </p>`
            : ''
        }
        ${
          diff.added.length
            ? html`<h3>Thêm mới</h3>
                <ul class="diff-added">
                  ${diff.added.map((e) => html`<li>${label(e)}</li>`)}
                </ul>`
            : ''
        }
        ${
          diff.removed.length
            ? html`<h3>Đã bỏ</h3>
                <ul class="diff-removed">
                  ${diff.removed.map((e) => html`<li>${label(e)}</li>`)}
                </ul>`
            : ''
        }
        ${
          diff.changed.length
            ? html`<h3>Thay đổi</h3>
                <div class="table-scroll">
                  <table class="table diff-changed">
                    <thead>
                      <tr>
                        <th scope="col">Phần tử</th>
                        <th scope="col">Thuộc tính</th>
                        <th scope="col">Bản ${v.older.version}</th>
                        <th scope="col">Bản ${v.newer.version}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${diff.changed.flatMap((c) =>
                        c.changes.map(
                          (ch) =>
                            html`<tr>
                              <td>${label(c)}</td>
                              <td><code>${ch.property}</code></td>
                              <td>${ch.oldValue}</td>
                              <td>${ch.newValue}</td>
                            </tr>`,
                        ),
                      )}
                    </tbody>
                  </table>
                </div>`
            : ''
        }
      </section>
      <script type="application/json" id="diff-data">
        ${jsonForScript({
          oldXml: v.oldXml,
          newXml: v.newXml,
          added: diff.added.map((e) => e.id),
          removed: diff.removed.map((e) => e.id),
          changed: diff.changed.map((e) => e.id),
          layoutChanged: diff.layoutChanged,
        })}
      </script>
      <script type="module" src="/static/studio-diff.js"></script>`,
    html`${studioHead}<link rel="stylesheet" href="/static/studio-diff.css" />`,
  );
}
