import type { DossierStatusCode } from '@motcua/domain';

/** What entering one element of the dossier life means for the dossier's history. */
export interface StatusEvent {
  /** National status the dossier is in from there (`@motcua/domain` DOSSIER_STATUSES). */
  statusCode: DossierStatusCode;
  kind: string;
  textVi: string;
  /**
   * A status the dossier passes through on its way into this element, recorded once per dossier
   * (event key `<kind>:<processInstanceId>`) just before the element's own event. Status 2
   * (accepted) has no element of its own: the dossier is accepted when the desk's check passed,
   * which is the moment it enters the first step after the check.
   */
  passesThrough?: { statusCode: DossierStatusCode; kind: string; textVi: string };
  /**
   * Recorded once per dossier (event key `<kind>:<processInstanceId>`) however many of the
   * elements carrying it the dossier enters: "processed" (9) is reached at the signing step when
   * the procedure signs its result, else at the result's return.
   */
  oncePerDossier?: boolean;
}

/** The completeness check passed (Gateway_Complete took the `${complete}` branch): status 2. */
export const ACCEPTED: NonNullable<StatusEvent['passesThrough']> = {
  statusCode: 2,
  kind: 'accepted',
  textVi: 'Hồ sơ đầy đủ, hợp lệ: được tiếp nhận.',
};

/**
 * The elements of the skeleton and the generated dossier life (docs/skeleton-contract.md,
 * processes/README.md) whose start is a status change, with the national status it gives. The
 * late case and the leader's reminder are recorded by their workers (with the new date), and the
 * applicant's supplement and withdrawal request by the portal (with who and why), so they are
 * not here. Another element that changes the status is added here.
 */
export const STATUS_EVENTS: Record<string, StatusEvent> = {
  UserTask_CheckCompleteness: {
    statusCode: 1,
    kind: 'completeness-check',
    textVi: 'Bộ phận một cửa kiểm tra tính đầy đủ, hợp lệ của hồ sơ.',
  },
  IntermediateCatchEvent_DossierSupplemented: {
    statusCode: 5,
    kind: 'supplement-requested',
    textVi: 'Yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02): chờ tổ chức, cá nhân bổ sung.',
  },
  EndEvent_NotAccepted: {
    statusCode: 3,
    kind: 'not-accepted',
    textVi: 'Từ chối tiếp nhận hồ sơ, có nêu rõ lý do (mẫu 03).',
  },
  EndEvent_Rejected: {
    statusCode: 3,
    kind: 'not-accepted',
    textVi: 'Hồ sơ không được tiếp nhận.',
  },
  // The first step after a passed check: with a fee the payment wait, else the appraisal.
  UserTask_AppraiseDossier: {
    statusCode: 4,
    kind: 'in-process',
    textVi: 'Hồ sơ được chuyển thẩm định.',
    passesThrough: ACCEPTED,
  },
  ReceiveTask_AwaitPayment: {
    statusCode: 6,
    kind: 'payment-requested',
    textVi: 'Chờ tổ chức, cá nhân thực hiện nghĩa vụ tài chính (nộp phí, lệ phí).',
    passesThrough: ACCEPTED,
  },
  ReceiveTask_AwaitAgencyReply: {
    statusCode: 4,
    kind: 'waiting-other-agency',
    textVi: 'Đang chờ ý kiến của cơ quan, đơn vị có liên quan.',
  },
  UserTask_ApproveDossier: {
    statusCode: 4,
    kind: 'in-process',
    textVi: 'Trình lãnh đạo phê duyệt.',
  },
  // The leader decided (approved, or not approved without stopping): processed, the result is
  // being signed, issued and returned. Recorded once, at the first of these the dossier enters.
  ServiceTask_SignResult: {
    statusCode: 9,
    kind: 'processed',
    textVi: 'Lãnh đạo đã phê duyệt: hồ sơ đã xử lý xong, đang ký số và phát hành kết quả.',
    oncePerDossier: true,
  },
  ServiceTask_ReturnResult: {
    statusCode: 9,
    kind: 'processed',
    textVi: 'Lãnh đạo đã phê duyệt: hồ sơ đã xử lý xong, đang phát hành kết quả.',
    oncePerDossier: true,
  },
  ServiceTask_ReturnRefusal: {
    statusCode: 9,
    kind: 'processed',
    textVi: 'Hồ sơ đã xử lý xong: không được phê duyệt, đang phát hành văn bản trả lời.',
    oncePerDossier: true,
  },
  EndEvent_Withdrawn: {
    statusCode: 7,
    kind: 'withdrawn',
    textVi: 'Hồ sơ đã được rút theo yêu cầu của tổ chức, cá nhân.',
  },
  EndEvent_Stopped: {
    statusCode: 8,
    kind: 'stopped',
    textVi: 'Dừng giải quyết hồ sơ, có thông báo nêu rõ lý do (mẫu 05).',
  },
  EndEvent_ResultReturned: {
    statusCode: 10,
    kind: 'result-returned',
    textVi: 'Đã trả kết quả giải quyết.',
  },
  EndEvent_Refused: {
    statusCode: 10,
    kind: 'refused',
    textVi: 'Đã trả văn bản từ chối giải quyết, nêu rõ lý do.',
  },
};
