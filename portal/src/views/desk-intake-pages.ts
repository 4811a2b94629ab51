import type { FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { channelLabelVi } from '../dossiers/channel.js';
import { html, type SafeHtml } from '../http/html.js';
import { formJsHead, formJsMount } from './form-page-parts.js';
import { layout, type PageContext } from './layout.js';

const breadcrumb = (tail: SafeHtml | string) =>
  html`<nav class="breadcrumb" aria-label="Vị trí">
    <a href="/can-bo/cong-viec">Công việc cần xử lý</a> › ${tail}
  </nav>`;

/** The procedures the desk officer may receive dossiers of. */
export function deskProceduresPage(ctx: PageContext, entries: CatalogueEntry[]): SafeHtml {
  return layout(
    ctx,
    'Tiếp nhận hồ sơ trực tiếp / qua bưu chính',
    html`${breadcrumb('Tiếp nhận hồ sơ')}
      <section class="panel">
        <h1>Tiếp nhận hồ sơ trực tiếp / qua bưu chính</h1>
        <p>Chọn thủ tục, rồi nhập biểu mẫu thay cho người nộp hồ sơ.</p>
        ${
          entries.length === 0
            ? html`<p>Bạn không thuộc bộ phận tiếp nhận của thủ tục nào.</p>`
            : html`<ul class="procedure-list">
                ${entries.map(
                  (e) =>
                    html`<li>
                      <a href="/can-bo/tiep-nhan/${encodeURIComponent(e.key)}">${e.nameVi}</a>
                      <span class="muted small">${e.code}</span>
                    </li>`,
                )}
              </ul>`
        }
      </section>`,
  );
}

/**
 * The desk's receipt page: the channel and the applicant's account (a plain form sent along as
 * `meta`), then the procedure's own applicant form (form-js), validated again on the server.
 */
export function deskFormPage(
  ctx: PageContext,
  entry: CatalogueEntry,
  schema: FormSchema,
  channels: Array<1 | 3>,
  /** The upload slots for the paper documents' scans (optional at the desk). */
  scans?: SafeHtml,
): SafeHtml {
  return layout(
    ctx,
    `Tiếp nhận hồ sơ — ${entry.nameVi}`,
    html`${breadcrumb(html`<a href="/can-bo/tiep-nhan">Tiếp nhận hồ sơ</a> › ${entry.code}`)}
      <section class="panel">
        <h1>Tiếp nhận hồ sơ: ${entry.nameVi}</h1>
        <form id="desk-meta" class="stacked">
          <fieldset>
            <legend>Kênh tiếp nhận</legend>
            ${channels.map(
              (c, i) =>
                html`<label
                  ><input type="radio" name="channel" value="${c}" ${i === 0 ? html`checked` : ''} />
                  ${c === 1 ? 'Trực tiếp tại Bộ phận một cửa' : channelLabelVi(c)}</label
                >`,
            )}
          </fieldset>
          <label for="desk-applicant">Tài khoản người nộp (tên đăng nhập, nếu có)</label>
          <input id="desk-applicant" name="applicant" type="text" maxlength="100" autocomplete="off" />
          <p class="muted small">
            Để trống nếu người nộp chưa có tài khoản: họ tra cứu hồ sơ bằng mã hồ sơ trên phiếu tiếp nhận.
          </p>
        </form>
        ${scans}
        <h2>Thông tin người nộp hồ sơ</h2>
        ${formJsMount({
          schema,
          submitUrl: `/can-bo/tiep-nhan/${encodeURIComponent(entry.key)}`,
          submitLabel: 'Tiếp nhận hồ sơ',
          csrfToken: ctx.csrfToken ?? '',
          metaFormId: 'desk-meta',
        })}
      </section>`,
    formJsHead,
  );
}
