import type { CaughtMail, CaughtSms } from '@motcua/emulators';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateTimeVi } from '../views/format.js';
import { layout, type PageContext } from '../views/layout.js';

function devNotice(): SafeHtml {
  return html`<p class="alert">
    Trang giả lập dành cho môi trường phát triển và kiểm thử: không có khi chạy thật (NODE_ENV=production).
  </p>`;
}

/** Every mail the local SMTP emulator accepted, newest first. */
export function mailboxPage(ctx: PageContext, mails: CaughtMail[]): SafeHtml {
  return layout(
    ctx,
    'Hộp thư giả lập',
    html`<section class="panel">
      <h1>Hộp thư giả lập <span class="en" lang="en">Development mailbox</span></h1>
      ${devNotice()}
      <p>Có ${mails.length} thư. <a href="/gia-lap/sms/">Xem tin nhắn SMS giả lập</a></p>
      ${
        mails.length === 0
          ? html`<p>Chưa có thư nào.</p>`
          : html`<ol class="emulator-list" aria-label="Danh sách thư">
              ${mails.map(
                (m) =>
                  html`<li class="emulator-item">
                    <h2 class="emulator-subject">${m.subject || '(không có tiêu đề)'}</h2>
                    <dl class="emulator-meta">
                      <dt>Người nhận</dt>
                      <dd>${m.to.join(', ')}</dd>
                      <dt>Người gửi</dt>
                      <dd>${m.from}</dd>
                      <dt>Thời điểm nhận</dt>
                      <dd>${formatDateTimeVi(m.receivedAt)}</dd>
                      ${
                        m.motcuaHeaders['x-motcua-template'] &&
                        html`<dt>Mẫu</dt>
                          <dd>
                            ${m.motcuaHeaders['x-motcua-template']} (phiên bản
                            ${m.motcuaHeaders['x-motcua-template-version'] ?? '?'})
                          </dd>`
                      }
                      <dt>Message-ID</dt>
                      <dd class="emulator-id">${m.messageId ?? ''}</dd>
                    </dl>
                    <pre class="emulator-body">${m.text}</pre>
                  </li>`,
              )}
            </ol>`
      }
    </section>`,
  );
}

/** Every SMS the local brand-name gateway emulator accepted, newest first. */
export function smsPage(ctx: PageContext, messages: CaughtSms[]): SafeHtml {
  return layout(
    ctx,
    'Tin nhắn SMS giả lập',
    html`<section class="panel">
      <h1>Tin nhắn SMS giả lập <span class="en" lang="en">Development SMS gateway</span></h1>
      ${devNotice()}
      <p>Có ${messages.length} tin nhắn. <a href="/gia-lap/hop-thu/">Xem hộp thư giả lập</a></p>
      ${
        messages.length === 0
          ? html`<p>Chưa có tin nhắn nào.</p>`
          : html`<ol class="emulator-list" aria-label="Danh sách tin nhắn">
              ${messages.map(
                (m) =>
                  html`<li class="emulator-item">
                    <dl class="emulator-meta">
                      <dt>Số điện thoại</dt>
                      <dd>${m.phone}</dd>
                      <dt>Tên thương hiệu</dt>
                      <dd>${m.brandname}</dd>
                      <dt>Thời điểm nhận</dt>
                      <dd>${formatDateTimeVi(m.receivedAt)}</dd>
                      <dt>Số đoạn / số lần gửi</dt>
                      <dd>${m.segments} / ${m.requests}</dd>
                      <dt>Mã yêu cầu</dt>
                      <dd class="emulator-id">${m.requestId}</dd>
                    </dl>
                    <p class="emulator-body">${m.text}</p>
                  </li>`,
              )}
            </ol>`
      }
    </section>`,
  );
}
