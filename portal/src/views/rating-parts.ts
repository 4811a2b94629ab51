import type { Dossier, SatisfactionRating } from '@motcua/db/portal';
import { RATING_LABELS_VI } from '../dossiers/satisfaction.service.js';
import { html, type SafeHtml } from '../http/html.js';
import { formatDateVi } from './format.js';
import { layout, type PageContext } from './layout.js';

export interface RatingView {
  /** The result was returned: the form is offered (until rated). */
  open: boolean;
  given: SatisfactionRating | null;
}

function ratingForm(
  ctx: PageContext,
  d: Dossier,
  o: { score?: number; comment?: string; error?: string } = {},
): SafeHtml {
  return html`<form method="post" action="/ho-so/${d.id}/danh-gia" class="rating">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken ?? ''}" />
    ${o.error && html`<p class="alert alert-error" role="alert">${o.error}</p>`}
    <fieldset>
      <legend>Bạn có hài lòng với việc giải quyết hồ sơ này không?</legend>
      <div class="rating-choices">
        ${[5, 4, 3, 2, 1].map(
          (n) =>
            html`<label
              ><input type="radio" name="score" value="${n}" ${o.score === n ? html`checked` : ''} required />
              ${RATING_LABELS_VI[n]}</label
            >`,
        )}
      </div>
    </fieldset>
    <p>
      <label for="rating-comment">Góp ý (không bắt buộc)</label><br />
      <textarea id="rating-comment" name="comment" maxlength="1000">${o.comment ?? ''}</textarea>
    </p>
    <button type="submit" class="button">Gửi đánh giá</button>
  </form>`;
}

/** The dossier page's section: the form after the result, or the rating given. */
export function ratingSection(ctx: PageContext, d: Dossier, r: RatingView): SafeHtml {
  if (!r.open && !r.given) return html``;
  return html`<section class="panel" id="danh-gia" aria-labelledby="rating-heading">
    <h2 id="rating-heading">Đánh giá mức độ hài lòng <span class="en" lang="en">Satisfaction</span></h2>
    ${
      r.given
        ? html`<p class="rating-given">
            Bạn đã đánh giá: <strong>${RATING_LABELS_VI[r.given.score]}</strong> (ngày
            ${formatDateVi(r.given.ratedAt)}). Cảm ơn bạn đã góp ý.
          </p>`
        : ratingForm(ctx, d)
    }
  </section>`;
}

/** A refused rating again, with the message and what was typed. */
export function ratingPage(
  ctx: PageContext,
  d: Dossier,
  o: { score?: number; comment?: string; error: string },
): SafeHtml {
  return layout(
    ctx,
    'Đánh giá mức độ hài lòng',
    html`<nav class="breadcrumb" aria-label="Vị trí">
        <a href="/ho-so/${d.id}">Hồ sơ ${d.dossierCode ?? ''}</a> › Đánh giá
      </nav>
      <section class="panel">
        <h1>Đánh giá mức độ hài lòng</h1>
        ${ratingForm(ctx, d, o)}
      </section>`,
  );
}
