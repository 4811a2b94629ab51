import type { Dossier } from '@motcua/db/portal';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { channelLabelVi } from '../dossiers/channel.js';
import type { DossierProgress } from '../dossiers/dossier-status.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateVi } from './format.js';
import { statusBadge } from './status-badge.js';
import { layout, type PageContext } from './layout.js';

/** The home page's box: the code only; the lookup page then asks for the second factor. */
export function lookupForm(code = ''): SafeHtml {
  return html`<form method="get" action="/tra-cuu" class="lookup" role="search" aria-label="Tra cứu hồ sơ">
    <label for="ma">Mã hồ sơ <span class="en" lang="en">Dossier code</span></label>
    <div class="row">
      <input
        id="ma"
        name="ma"
        value="${code}"
        maxlength="64"
        placeholder="VD: G13.ATBXHN-261206-00001"
        required
      />
      <button type="submit" class="button">Tra cứu</button>
    </div>
  </form>`;
}

export interface LookupView {
  code: string;
  csrf: string;
  message?: { text: string; kind: 'error' | 'info' };
  found?: { d: Dossier; procedure: CatalogueEntry | undefined; progress: DossierProgress | null };
  labels: (code: number) => string;
}

/** Status and dates only: no name, no number, no reason, no submitted data. */
function publicStatus(f: NonNullable<LookupView['found']>, labels: (code: number) => string): SafeHtml {
  const p = f.progress;
  const code = p?.statusCode ?? f.d.statusCode;
  return html`<h2>${f.procedure?.nameVi ?? 'Thủ tục hành chính'}</h2>
    <dl class="facts lookup-result">
      <div>
        <dt>Mã hồ sơ</dt>
        <dd class="dossier-code">${p?.dossierCode ?? f.d.dossierCode}</dd>
      </div>
      <div>
        <dt>Trạng thái</dt>
        <dd class="dossier-status">
          ${statusBadge(
            code ?? null,
            p ? p.statusVi : code ? labels(code) : 'Mới đăng ký',
            p ? p.outcome : f.d.outcome,
          )}
        </dd>
      </div>
      <div>
        <dt>Ngày nộp</dt>
        <dd>${formatDateVi(f.d.submittedAt)}</dd>
      </div>
      <div>
        <dt>Kênh</dt>
        <dd class="dossier-channel">${channelLabelVi(f.d.channel)}</dd>
      </div>
      ${
        p?.appointmentDate &&
        html`<div>
          <dt>Ngày hẹn trả kết quả</dt>
          <dd>${formatDateVi(p.newAppointmentDate ?? p.appointmentDate)}</dd>
        </div>`
      }
    </dl>
    <p class="muted small">
      Trang tra cứu công khai chỉ hiển thị trạng thái và các mốc thời gian, không hiển thị thông tin cá nhân.
      Đăng nhập để xem đầy đủ hồ sơ của bạn.
    </p>`;
}

export function lookupPage(ctx: PageContext, v: LookupView): SafeHtml {
  return layout(
    ctx,
    'Tra cứu hồ sơ',
    html`<section class="panel narrow-wide">
      <h1>Tra cứu hồ sơ <span class="en" lang="en">Dossier lookup</span></h1>
      <form method="post" action="/tra-cuu" class="lookup lookup-full" aria-label="Tra cứu hồ sơ">
        <input type="hidden" name="_csrf" value="${v.csrf}" />
        <div class="field">
          <label for="ma">Mã hồ sơ <span class="en" lang="en">Dossier code</span></label>
          <input id="ma" name="ma" value="${v.code}" maxlength="64" autocomplete="off" required />
        </div>
        <div class="field">
          <label for="xac-minh">Số điện thoại người nộp hoặc 4 số cuối CCCD</label>
          <input
            id="xac-minh"
            name="xacMinh"
            maxlength="20"
            inputmode="numeric"
            autocomplete="off"
            aria-describedby="xac-minh-help"
            required
          />
          <p class="muted small" id="xac-minh-help">
            Để bảo vệ thông tin, mã hồ sơ phải đi kèm số điện thoại đã khai khi nộp hoặc 4 số cuối số định
            danh cá nhân.
          </p>
        </div>
        <button type="submit" class="button">Tra cứu</button>
      </form>
      ${
        v.message &&
        html`<p
          class="alert ${v.message.kind === 'error' ? 'alert-error' : ''}"
          role="status"
          id="lookup-message"
        >
          ${v.message.text}
        </p>`
      }
      ${v.found && publicStatus(v.found, v.labels)}
    </section>`,
  );
}
