import { html, type SafeHtml } from '../../http/html.js';
import { ADMIN_PREFIX } from '../../admin/admin-sections.js';
import type { CalendarDay, CalendarPreview, CalendarYearView } from '../../admin/calendar-admin.service.js';
import { formatDateTimeVi, formatDateVi } from '../format.js';
import type { PageContext } from '../layout.js';
import { adminLayout } from './admin-layout.js';
import { hiddenCsrf } from './form-parts.js';

const SECTION = `${ADMIN_PREFIX}/lich-lam-viec`;

/** The edit form's text as typed: one day a line, `dd/mm/yyyy - name`. */
export interface CalendarForm {
  daysOff: string;
  workingDays: string;
  notes: string;
  comment: string;
}

export function dayLines(days: Array<{ date: string; nameVi: string }>): string {
  return days.map((d) => `${formatDateVi(d.date)} - ${d.nameVi}`).join('\n');
}

function daysTable(caption: string, days: CalendarDay[], empty: string): SafeHtml {
  if (!days.length) return html`<p class="muted">${empty}</p>`;
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${caption}">
    <table class="table table-stack">
      <caption class="sr-only">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Ngày</th>
          <th scope="col">Thứ</th>
          <th scope="col">Âm lịch</th>
          <th scope="col">Tên ngày</th>
        </tr>
      </thead>
      <tbody>
        ${days.map(
          (d) =>
            html`<tr data-date="${d.date}">
              <td data-label="Ngày" class="nowrap">${formatDateVi(d.date)}</td>
              <td data-label="Thứ">${d.weekdayVi}</td>
              <td data-label="Âm lịch">${d.lunarVi}</td>
              <td data-label="Tên ngày">${d.nameVi}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function previewSection(p: CalendarPreview): SafeHtml {
  if (p.problems.length)
    return html`<div class="form-errors" role="alert">
      <p class="form-errors-title">Bảng ngày nghỉ chưa hợp lệ, chưa lưu được:</p>
      <ul>
        ${p.problems.map((m) => html`<li>${m}</li>`)}
      </ul>
    </div>`;
  return html`<section class="panel" aria-labelledby="anh-huong">
    <h2 id="anh-huong">Ảnh hưởng đến hạn giải quyết của hồ sơ đang xử lý</h2>
    <p>
      Đã xem ${p.checked} hồ sơ đang xử lý còn hạn. Số ngày làm việc còn lại của mỗi hồ sơ được tính lại theo
      bảng mới: <strong>${p.moves.length}</strong> hồ sơ sẽ có hạn khác.
    </p>
    ${
      p.moves.length > 0 &&
      html`<div class="table-scroll" tabindex="0" role="region" aria-label="Hạn giải quyết thay đổi">
        <table class="table table-stack">
          <caption class="sr-only">
            Hồ sơ có hạn giải quyết thay đổi
          </caption>
          <thead>
            <tr>
              <th scope="col">Hồ sơ</th>
              <th scope="col">Thủ tục</th>
              <th scope="col">Hạn hiện tại</th>
              <th scope="col">Hạn theo bảng mới</th>
            </tr>
          </thead>
          <tbody>
            ${p.moves.map(
              (m) =>
                html`<tr data-dossier-id="${m.dossierId}">
                  <td data-label="Hồ sơ">
                    <a href="${ADMIN_PREFIX}/ho-so/${m.dossierId}">${m.dossierCode ?? m.dossierId}</a>
                  </td>
                  <td data-label="Thủ tục">${m.procedureCode}</td>
                  <td data-label="Hạn hiện tại">${formatDateVi(m.from)}</td>
                  <td data-label="Hạn theo bảng mới"><strong>${formatDateVi(m.to)}</strong></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    <p class="muted small">
      Lưu bảng mới không tự sửa hạn đã ghi của hồ sơ; bảng mới được dùng khi hệ thống tính hạn mới (tiếp nhận,
      tiếp tục sau khi bổ sung).
    </p>
  </section>`;
}

/** `/quan-tri/lich-lam-viec?nam=`: one year's table, its versions, the edit form and its preview. */
export function calendarPage(
  ctx: PageContext,
  v: CalendarYearView,
  form: CalendarForm,
  preview: (CalendarPreview & { days: CalendarDay[]; worked: CalendarDay[] }) | null,
  flash: string | null,
  formProblems: string[] = [],
): SafeHtml {
  return adminLayout(ctx, {
    title: `Lịch làm việc ${v.year}`,
    current: SECTION,
    body: html`<h1>Lịch làm việc năm ${v.year}</h1>
      ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
      <nav class="pager" aria-label="Chọn năm">
        <a href="${SECTION}?nam=${v.year - 1}">← Năm ${v.year - 1}</a>
        <span>Năm ${v.year}</span>
        <a href="${SECTION}?nam=${v.year + 1}">Năm ${v.year + 1} →</a>
      </nav>
      <p>
        ${
          v.source === 'database'
            ? html`Bảng đang áp dụng: <strong>phiên bản ${v.version}</strong> do quản trị lưu.`
            : html`Năm này chưa có bảng được lưu: đang dùng bảng tính sẵn theo Bộ luật Lao động 2019 (Tết âm
              lịch và Giỗ Tổ được quy đổi từ âm lịch).`
        }
        Thứ Bảy và Chủ nhật là ngày nghỉ, trừ các ngày làm bù dưới đây.
      </p>
      <section class="panel" aria-labelledby="ngay-nghi">
        <h2 id="ngay-nghi">Ngày nghỉ (ngày lễ, Tết, nghỉ bù)</h2>
        ${daysTable('Ngày nghỉ', v.daysOff, 'Không có ngày nghỉ nào ngoài cuối tuần.')}
      </section>
      <section class="panel" aria-labelledby="ngay-lam-bu">
        <h2 id="ngay-lam-bu">Ngày làm bù (thứ Bảy, Chủ nhật đi làm)</h2>
        ${daysTable('Ngày làm bù', v.workingWeekendDays, 'Không có ngày làm bù.')}
      </section>
      ${
        v.notes.length > 0 &&
        html`<section class="panel" aria-labelledby="ghi-chu">
          <h2 id="ghi-chu">Ghi chú</h2>
          <ul>
            ${v.notes.map((n) => html`<li>${n}</li>`)}
          </ul>
        </section>`
      }
      <section class="panel" aria-labelledby="sua-lich">
        <h2 id="sua-lich">Sửa bảng ngày nghỉ năm ${v.year}</h2>
        <p>
          Mỗi dòng một ngày, dạng <code>dd/mm/yyyy - Tên ngày</code>. Ngày nghỉ phải là ngày thường (ngày lễ
          rơi vào cuối tuần thì ghi ngày nghỉ bù); ngày làm bù phải là thứ Bảy hoặc Chủ nhật. Bấm "Xem trước"
          để kiểm tra và xem hạn của hồ sơ đang xử lý thay đổi thế nào trước khi lưu.
        </p>
        ${
          formProblems.length > 0 &&
          html`<div class="form-errors" role="alert">
            <ul>
              ${formProblems.map((m) => html`<li>${m}</li>`)}
            </ul>
          </div>`
        }
        <form method="post" action="${SECTION}?nam=${v.year}" class="stack">
          ${hiddenCsrf(ctx.csrfToken)}
          <label for="daysOff">Ngày nghỉ</label>
          <textarea id="daysOff" name="daysOff" rows="10">${form.daysOff}</textarea>
          <label for="workingDays">Ngày làm bù</label>
          <textarea id="workingDays" name="workingDays" rows="3">${form.workingDays}</textarea>
          <label for="notes">Ghi chú (mỗi dòng một ghi chú, ví dụ văn bản của Chính phủ)</label>
          <textarea id="notes" name="notes" rows="3">${form.notes}</textarea>
          <label for="comment">Lý do thay đổi (ghi vào lịch sử phiên bản)</label>
          <input id="comment" name="comment" maxlength="500" value="${form.comment}" />
          ${preview && !preview.problems.length && html`<input type="hidden" name="xac-nhan" value="1" />`}
          <div class="form-actions">
            <button type="submit" name="thao-tac" value="xem-truoc" class="button button-secondary">
              Xem trước
            </button>
            ${
              preview &&
              !preview.problems.length &&
              html`<button type="submit" name="thao-tac" value="luu" class="button">
                Lưu phiên bản mới
              </button>`
            }
          </div>
        </form>
      </section>
      ${
        preview &&
        html`<section class="panel" aria-labelledby="xem-truoc">
            <h2 id="xem-truoc">Xem trước bảng mới</h2>
            ${!preview.problems.length && daysTable('Ngày nghỉ theo bảng mới', preview.days, 'Không có ngày nghỉ.')}
            ${!preview.problems.length && daysTable('Ngày làm bù theo bảng mới', preview.worked, 'Không có ngày làm bù.')}
          </section>
          ${previewSection(preview)}`
      }
      <section class="panel" aria-labelledby="phien-ban">
        <h2 id="phien-ban">Các phiên bản đã lưu</h2>
        ${
          v.versions.length === 0
            ? html`<p class="muted">Chưa có phiên bản nào được lưu cho năm ${v.year}.</p>`
            : html`<ul>
                ${v.versions.map(
                  (x) =>
                    html`<li data-version="${x.version}">
                      Phiên bản ${x.version} — ${formatDateTimeVi(x.savedAt)},
                      ${x.savedBy}${x.comment && html`: ${x.comment}`}
                    </li>`,
                )}
              </ul>`
        }
      </section>`,
  });
}
