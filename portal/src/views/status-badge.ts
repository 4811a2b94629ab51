import { html, type SafeHtml } from '../http/html.js';

/**
 * The dossier's status as a badge, the same everywhere it shows (applicant list, dossier pages,
 * officer pages, /tra-cuu). A refusal ends with national status 10 like a result, but the
 * applicant must not read it as one: it shows "Từ chối" in its own colour, never the green of a
 * result (badge-refused in styles.css; the word carries the meaning, not the colour alone).
 */
export function statusBadge(
  code: number | null,
  label: string,
  outcome: 'approved' | 'refused' | null | undefined,
): SafeHtml {
  if (code === 10 && outcome === 'refused')
    return html`<span class="badge badge-refused" data-status="refused">Từ chối</span>`;
  return html`<span class="badge badge-s${code ?? 0}" data-status="${code ?? 0}">${label}</span>`;
}

/** The English line beside the badge. */
export function statusEnglish(
  statusEn: string,
  code: number | null,
  outcome: string | null | undefined,
): string {
  return code === 10 && outcome === 'refused' ? 'Refused' : statusEn;
}
