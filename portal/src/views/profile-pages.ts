import type { NotificationChoice } from '@motcua/db/portal';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi } from './format.js';
import { layout, type PageContext } from './layout.js';

export interface ProfileForm {
  email: string;
  phone: string;
  channels: string;
}

const CHOICES: Array<{ value: NotificationChoice; label: string }> = [
  { value: 'email', label: 'Thư điện tử (e-mail)' },
  { value: 'sms', label: 'Tin nhắn SMS' },
  { value: 'both', label: 'Cả thư điện tử và SMS' },
  { value: 'none', label: 'Không nhận thông báo' },
];

function fieldError(id: string, message: string | undefined): SafeHtml {
  return html`${message && html`<p class="field-error" id="${id}-error">${message}</p>`}`;
}

/** The user's notification choices: where (e-mail, phone) and how (e-mail, SMS, both, none). */
export function notificationProfilePage(
  ctx: PageContext,
  form: ProfileForm,
  o: { errors?: Partial<Record<keyof ProfileForm, string>>; saved?: boolean; updatedAt?: Date | null } = {},
): SafeHtml {
  const errors = o.errors ?? {};
  const invalid = (k: keyof ProfileForm) => (errors[k] ? 'true' : 'false');
  const describedBy = (k: keyof ProfileForm, help: string) => (errors[k] ? `${help} ${k}-error` : help);
  return layout(
    ctx,
    'Nhận thông báo',
    html`<section class="panel narrow-wide">
      <h1>Nhận thông báo <span class="en" lang="en">Notifications</span></h1>
      <p>
        Chọn cách nhận thông báo khi hồ sơ của bạn thay đổi trạng thái: tiếp nhận và ngày hẹn trả, yêu cầu bổ
        sung, nộp phí, lệ phí, có kết quả, từ chối, xin lỗi và hẹn lại ngày trả.
      </p>
      ${o.saved && html`<p class="alert alert-ok" role="status">Đã lưu lựa chọn nhận thông báo.</p>`}
      ${
        Object.keys(errors).length > 0 &&
        html`<p class="alert alert-error" role="alert">Vui lòng kiểm tra lại các thông tin đã nhập.</p>`
      }
      <form method="post" action="/tai-khoan/thong-bao" class="stack" novalidate>
        <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
        <label for="email">Địa chỉ thư điện tử</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          maxlength="200"
          value="${form.email}"
          aria-invalid="${invalid('email')}"
          aria-describedby="${describedBy('email', 'email-help')}"
        />
        <p class="hint" id="email-help">Ví dụ: ten@example.vn</p>
        ${fieldError('email', errors.email)}
        <label for="phone">Số điện thoại di động</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          maxlength="30"
          value="${form.phone}"
          aria-invalid="${invalid('phone')}"
          aria-describedby="${describedBy('phone', 'phone-help')}"
        />
        <p class="hint" id="phone-help">10 chữ số, ví dụ: 0912345678</p>
        ${fieldError('phone', errors.phone)}
        <fieldset class="choice-group" aria-describedby="${errors.channels ? 'channels-error' : ''}">
          <legend>Nhận thông báo qua</legend>
          ${CHOICES.map(
            (c) =>
              html`<label class="choice"
                ><input
                  type="radio"
                  name="channels"
                  value="${c.value}"
                  ${form.channels === c.value ? html`checked` : ''}
                />
                ${c.label}</label
              >`,
          )}
        </fieldset>
        ${fieldError('channels', errors.channels)}
        <div class="form-actions"><button type="submit" class="button">Lưu lựa chọn</button></div>
      </form>
      ${o.updatedAt && html`<p class="hint">Cập nhật lần cuối: ${formatDateTimeVi(o.updatedAt)}.</p>`}
    </section>`,
  );
}
