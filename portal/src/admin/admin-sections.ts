/**
 * The sections of the administration (`/quan-tri`), in the order of its navigation. A new
 * section adds one line here and mounts its router in portal-app.ts; the admin guard
 * (admin-guard.ts) covers every path under ADMIN_PREFIX whichever router serves it.
 */
export const ADMIN_PREFIX = '/quan-tri';

export interface AdminSection {
  href: string;
  labelVi: string;
  /** One line on the overview page: what the section is for. */
  summaryVi: string;
}

export const ADMIN_SECTIONS: AdminSection[] = [
  { href: ADMIN_PREFIX, labelVi: 'Tổng quan', summaryVi: 'Các mục quản trị và số liệu chính của hệ thống.' },
  {
    href: `${ADMIN_PREFIX}/su-co`,
    labelVi: 'Sự cố',
    summaryVi: 'Các bước tự động bị lỗi: hồ sơ, bước, chi tiết lỗi và thử lại.',
  },
  {
    href: `${ADMIN_PREFIX}/thong-bao-loi`,
    labelVi: 'Thông báo gửi lỗi',
    summaryVi:
      'Thư điện tử và SMS không gửi được sau nhiều lần thử: lỗi cuối cùng, sự cố kèm theo và gửi lại.',
  },
  {
    href: `${ADMIN_PREFIX}/dong-bo-dvcqg`,
    labelVi: 'Đồng bộ Cổng DVCQG',
    summaryVi:
      'Hồ sơ theo tình trạng đồng bộ Cổng Dịch vụ công quốc gia (lỗi, đang chờ, đã gửi), trả lời của Cổng và gửi lại.',
  },
  {
    href: `${ADMIN_PREFIX}/quy-trinh`,
    labelVi: 'Quy trình đang chạy',
    summaryVi: 'Hồ sơ đang xử lý theo thủ tục và phiên bản, và bước mà hồ sơ đang chờ.',
  },
  {
    href: `${ADMIN_PREFIX}/nguoi-dung`,
    labelVi: 'Người dùng',
    summaryVi: 'Tài khoản: tạo, khóa, vai trò, đơn vị và nhóm xử lý.',
  },
  {
    href: `${ADMIN_PREFIX}/nhom`,
    labelVi: 'Nhóm',
    summaryVi: 'Nhóm xử lý (bộ phận một cửa, phòng chuyên môn, lãnh đạo), thành viên và các bước được giao.',
  },
  {
    href: `${ADMIN_PREFIX}/don-vi`,
    labelVi: 'Đơn vị',
    summaryVi: 'Các đơn vị của Bộ (Cục, Vụ, Ủy ban) và đơn vị cấp trên của từng đơn vị.',
  },
  {
    href: `${ADMIN_PREFIX}/lich-lam-viec`,
    labelVi: 'Lịch làm việc',
    summaryVi: 'Bảng ngày nghỉ theo năm (ngày lễ, Tết âm lịch, nghỉ bù, làm bù), có phiên bản và xem trước.',
  },
  {
    href: `${ADMIN_PREFIX}/nhat-ky`,
    labelVi: 'Nhật ký',
    summaryVi: 'Nhật ký hệ thống: tìm theo người, hồ sơ, hành động và ngày; xuất Excel và CSV.',
  },
  {
    href: `${ADMIN_PREFIX}/bao-cao`,
    labelVi: 'Báo cáo',
    summaryVi:
      'Chỉ số giải quyết thủ tục hành chính (Quyết định 766), xu hướng theo tháng, xuất Excel và CSV.',
  },
  {
    href: `${ADMIN_PREFIX}/danh-muc`,
    labelVi: 'Danh mục thủ tục',
    summaryVi:
      'Độ phủ danh mục TTHC: theo lĩnh vực và cơ quan, số thủ tục trong danh mục, được sinh quy trình, được công bố, và dữ kiện còn thiếu.',
  },
];
