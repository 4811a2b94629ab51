import { html, type SafeHtml } from '../http/html.js';
import type { SandboxWhere } from '../studio/sandbox-runs.service.js';
import { layout, type PageContext } from './layout.js';
import { studioHead } from './studio-pages.js';

const csrfField = (ctx: PageContext): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />`;

/** The designer's test runs (tenant motcua-sandbox) still running. */
export function sandboxRunsPage(
  ctx: PageContext,
  runs: Array<{ id: string; businessKey: string; definitionId: string }>,
): SafeHtml {
  return layout(
    ctx,
    'Các lần chạy thử',
    html`<p class="breadcrumb"><a href="/thiet-ke">Thiết kế quy trình</a> › Chạy thử</p>
      <h1>Các lần chạy thử của bạn</h1>
      <p class="muted">
        Mỗi lần chạy thử triển khai bản nháp vào môi trường thử (không phải phiên bản thật) và khởi tạo một hồ
        sơ thử: người nộp, cán bộ và các tác vụ tự động không thấy nó.
      </p>
      ${
        runs.length === 0
          ? html`<p id="sandbox-runs-empty">Chưa có lần chạy thử nào đang chạy.</p>`
          : html`<ul id="sandbox-runs">
              ${runs.map(
                (r) =>
                  html`<li>
                    <a href="/thiet-ke/chay-thu/${r.id}">${r.businessKey}</a>
                    <span class="muted small">(${r.definitionId.split(':')[0]})</span>
                  </li>`,
              )}
            </ul>`
      }`,
    studioHead,
  );
}

/** One test run: the diagram with where it waits, its waiting tasks, and ending it. */
export function sandboxRunPage(
  ctx: PageContext,
  run: { id: string; businessKey: string | null; names: Map<string, string> },
  where: SandboxWhere,
): SafeHtml {
  const nameOf = (id: string) => run.names.get(id) ?? id;
  return layout(
    ctx,
    'Chạy thử',
    html`<p class="breadcrumb">
        <a href="/thiet-ke">Thiết kế quy trình</a> › <a href="/thiet-ke/chay-thu">Chạy thử</a> ›
        ${run.businessKey ?? run.id}
      </p>
      <h1>Chạy thử: ${run.businessKey ?? run.id}</h1>
      ${
        where.ended
          ? html`<p class="alert alert-ok" id="sandbox-ended" role="status">Lần chạy thử này đã kết thúc.</p>`
          : html`<section class="panel process-diagram-panel" aria-labelledby="so-do-chay-thu">
                <h2 id="so-do-chay-thu">Đang chờ ở đâu</h2>
                <figure class="process-diagram-figure">
                  <div
                    id="process-diagram"
                    class="process-diagram"
                    data-src="/thiet-ke/chay-thu/${run.id}/so-do.json"
                  ></div>
                  <figcaption
                    class="muted small"
                    id="process-diagram-status"
                    role="status"
                    aria-live="polite"
                  >
                    Đang tải sơ đồ… Danh sách các bước đang chờ ở bên dưới.
                  </figcaption>
                </figure>
                <ul class="diagram-legend" aria-label="Chú giải sơ đồ">
                  <li><span class="legend-swatch legend-current" aria-hidden="true"></span> Bước đang chờ</li>
                </ul>
                <h3>Các bước đang chờ</h3>
                <ul id="sandbox-waiting">
                  ${where.activityIds.map((id) => html`<li data-activity-id="${id}">${nameOf(id)}</li>`)}
                </ul>
                <h3>Nhiệm vụ người dùng đang chờ</h3>
                ${
                  where.tasks.length
                    ? html`<ul id="sandbox-tasks">
                        ${where.tasks.map((t) => html`<li>${t.name ?? t.taskDefinitionKey}</li>`)}
                      </ul>`
                    : html`<p class="muted">Không có.</p>`
                }
                <h3>Tác vụ tự động đang chờ (không được xử lý trong môi trường thử)</h3>
                ${
                  where.externalTasks.length
                    ? html`<ul id="sandbox-external-tasks">
                        ${where.externalTasks.map(
                          (t) => html`<li>${nameOf(t.activityId)} — chủ đề <code>${t.topicName}</code></li>`,
                        )}
                      </ul>`
                    : html`<p class="muted">Không có.</p>`
                }
                <script type="module" src="/static/process-diagram.js"></script>
              </section>
              <form method="post" action="/thiet-ke/chay-thu/${run.id}/ket-thuc" class="panel">
                ${csrfField(ctx)}
                <button type="submit" class="button button-secondary" id="sandbox-end">
                  Kết thúc lần chạy thử
                </button>
              </form>`
      }`,
    html`${studioHead}<link rel="stylesheet" href="/static/process-diagram.css" />`,
  );
}
