import type { DvcqgState, ReceivedDossier } from './dvcqg-state.js';
import { formatDateTimeVi } from '@motcua/domain';

/** Status labels of the national portal (TrangThaiHoSo 1–10), as the portal shows them. */
const STATUS_VI: Record<number, string> = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** dd/mm/yyyy hh:mm in Vietnam time. */
export function formatVietnamTime(d: Date): string {
  return formatDateTimeVi(d);
}

function dossierSection(d: ReceivedDossier): string {
  const statuses = d.statuses
    .map(
      (s) =>
        `<li data-status="${s.statusCode}">${esc(STATUS_VI[s.statusCode] ?? s.statusCode)} <span class="muted">(mã ${s.statusCode}, nhận lúc ${formatVietnamTime(s.receivedAt)})</span></li>`,
    )
    .join('');
  const progress = d.progress
    .map((p) => `<li>${esc(p.content)} <span class="muted">— ${esc(p.actor)}</span></li>`)
    .join('');
  return `<section class="dossier" data-dossier-code="${esc(d.code)}" aria-labelledby="hs-${esc(d.code)}">
<h2 id="hs-${esc(d.code)}">Hồ sơ ${esc(d.code)}</h2>
<p>Thủ tục: ${esc(d.latest.MaTTHC)} · Chủ hồ sơ: ${esc(d.latest.ChuHoSo)} · Kênh: ${esc(d.latest.KenhThucHien)}</p>
<p>Trạng thái hiện tại: <strong>${esc(STATUS_VI[Number(d.latest.TrangThaiHoSo)] ?? d.latest.TrangThaiHoSo)}</strong>${d.duplicates ? ` · Nhận trùng (đã bỏ qua): ${d.duplicates}` : ''}</p>
<h3>Các trạng thái đã nhận</h3>
<ol class="statuses">${statuses}</ol>
<h3>Tiến độ xử lý</h3>
<ul class="progress">${progress || '<li>Chưa có.</li>'}</ul>
</section>`;
}

/** The emulator's page: what it received per dossier, and the inbound queue. Vietnamese, no script. */
export function dvcqgPage(state: DvcqgState, prefix: string): string {
  const dossiers = [...state.dossiers.values()];
  const inbound = state.inbound
    .map(
      (d) =>
        `<tr><td>${esc(d.nationalCode)}</td><td>${esc(d.procedureCode)}</td><td>${esc(d.applicantName)}</td><td>${formatVietnamTime(d.filedAt)}</td><td>${d.acknowledgedAs ? `Đã nhận: ${esc(d.acknowledgedAs)}` : 'Đang chờ'}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Giả lập Cổng Dịch vụ công quốc gia</title><link rel="stylesheet" href="${esc(prefix)}/trang.css"></head>
<body><header><p class="banner">Môi trường phát triển — đây là bản giả lập, không phải Cổng Dịch vụ công quốc gia thật.</p>
<h1>Giả lập Cổng Dịch vụ công quốc gia</h1></header>
<main>
<p>Hồ sơ đã nhận đồng bộ: <strong>${dossiers.length}</strong> · Yêu cầu đã nhận: ${state.requests.length}</p>
${dossiers.map(dossierSection).join('\n') || '<p>Chưa nhận hồ sơ nào.</p>'}
<h2>Hồ sơ nộp trên Cổng quốc gia (hàng đợi chuyển về)</h2>
${inbound ? `<div class="scroll"><table><thead><tr><th scope="col">Mã hồ sơ Cổng</th><th scope="col">Mã thủ tục</th><th scope="col">Chủ hồ sơ</th><th scope="col">Ngày nộp</th><th scope="col">Tình trạng</th></tr></thead><tbody>${inbound}</tbody></table></div>` : '<p>Không có hồ sơ nào.</p>'}
</main></body></html>`;
}

export const DVCQG_PAGE_CSS = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:60rem;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
.banner{background:#fff4d6;border:1px solid #8a6100;padding:.5rem;color:#4d3600}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.5rem}h3{font-size:1rem}
.dossier{border:1px solid #c8c8c8;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
.muted{color:#555}.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left}`;
