/**
 * The 10 national dossier statuses used when syncing with the National Public Service Portal
 * (Cổng DVCQG), and the 3 channels (KenhThucHien). Codes are the national ones.
 */
export const DOSSIER_STATUSES = {
  1: { key: 'submitted', vi: 'Mới đăng ký', en: 'Newly submitted' },
  2: { key: 'accepted', vi: 'Được tiếp nhận', en: 'Accepted' },
  3: { key: 'not-accepted', vi: 'Không được tiếp nhận', en: 'Not accepted' },
  4: { key: 'in-process', vi: 'Đang xử lý', en: 'In process' },
  5: { key: 'supplement-requested', vi: 'Yêu cầu bổ sung giấy tờ', en: 'Supplement requested' },
  6: { key: 'payment-requested', vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment requested' },
  7: { key: 'withdrawn', vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by the applicant' },
  8: { key: 'stopped', vi: 'Dừng xử lý', en: 'Stopped' },
  9: { key: 'processed', vi: 'Đã xử lý xong', en: 'Processed' },
  10: { key: 'result-returned', vi: 'Đã trả kết quả', en: 'Result returned' },
} as const;

export type DossierStatusCode = keyof typeof DOSSIER_STATUSES;

export const CHANNELS = {
  1: { key: 'in-person', vi: 'Trực tiếp', en: 'In person' },
  2: { key: 'online', vi: 'Trực tuyến', en: 'Online' },
  3: { key: 'post', vi: 'Bưu chính công ích', en: 'Public postal service' },
} as const;

export type ChannelCode = keyof typeof CHANNELS;

export function statusLabelVi(code: DossierStatusCode): string {
  return DOSSIER_STATUSES[code].vi;
}
