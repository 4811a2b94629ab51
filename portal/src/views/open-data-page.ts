import { html, type SafeHtml } from '../http/html.js';
import { OPEN_DATA_LICENCE } from '../open-data/open-data-schemas.js';
import { CATALOGUE_CSV_HEADERS, STATISTICS_CSV_HEADERS } from '../open-data/open-data.service.js';
import { layout, type PageContext } from './layout.js';

/** `/du-lieu-mo`: what the open-data files are, their fields, schema and licence. */
export function openDataPage(ctx: PageContext, month: string): SafeHtml {
  const fields = (list: [string, string][]) =>
    html`<ul class="small">
      ${list.map(([k, label]) => html`<li><code>${k}</code>: ${label}</li>`)}
    </ul>`;
  return layout(
    ctx,
    'Dữ liệu mở',
    html`<h1>Dữ liệu mở</h1>
      <p>
        Cổng công bố danh mục thủ tục hành chính và số liệu giải quyết hồ sơ hằng tháng theo từng thủ tục và
        đơn vị, dạng JSON và CSV (UTF-8), không có dữ liệu cá nhân: chỉ có số đếm và tỷ lệ, không có hồ sơ,
        người nộp hay cán bộ.
      </p>
      <p>
        <strong>Giấy phép:</strong> ${OPEN_DATA_LICENCE.textVi}
        <a href="${OPEN_DATA_LICENCE.url}">${OPEN_DATA_LICENCE.name}</a>
      </p>
      <h2>Danh mục thủ tục</h2>
      <ul>
        <li>
          <a href="/du-lieu-mo/thu-tuc.json">thu-tuc.json</a> (lược đồ:
          <a href="/du-lieu-mo/thu-tuc.schema.json">thu-tuc.schema.json</a>)
        </li>
        <li><a href="/du-lieu-mo/thu-tuc.csv">thu-tuc.csv</a></li>
      </ul>
      <details>
        <summary>Các trường</summary>
        ${fields(CATALOGUE_CSV_HEADERS)}
      </details>
      <h2>Thống kê theo tháng</h2>
      <p>
        Tham số <code>thang=YYYY-MM</code> (mặc định tháng hiện tại; tháng đang diễn ra còn thay đổi). Số liệu
        được tính từ lịch sử hồ sơ theo đúng cách của báo cáo chỉ số (Quyết định 766/QĐ-TTg); trường
        <code>cachTinh</code> của tệp JSON ghi cách tính từng trường. Tỷ lệ là số thập phân từ 0 đến 1, để
        trống (null) khi không có mẫu số.
      </p>
      <ul>
        <li>
          <a href="/du-lieu-mo/thong-ke.json?thang=${month}">thong-ke.json?thang=${month}</a> (lược đồ:
          <a href="/du-lieu-mo/thong-ke.schema.json">thong-ke.schema.json</a>)
        </li>
        <li><a href="/du-lieu-mo/thong-ke.csv?thang=${month}">thong-ke.csv?thang=${month}</a></li>
      </ul>
      <details>
        <summary>Các trường</summary>
        ${fields(STATISTICS_CSV_HEADERS)}
      </details>
      <h2>Bộ nhớ đệm</h2>
      <p class="small">
        Mỗi tệp có ETag (gửi lại bằng <code>If-None-Match</code> để nhận 304 khi chưa đổi) và Cache-Control:
        tháng đã qua 1 ngày, tháng hiện tại và danh mục 10 phút.
      </p>`,
  );
}
