'use strict';
/**
 * Vietnamese messages. Our own rules report these directly (`OWN`); bpmnlint's recommended rules
 * report English, which `translateMessage()` turns into Vietnamese through one dictionary (`CORE`,
 * English → Vietnamese) plus patterns for the few messages built from variables. The studio passes
 * the same function to bpmn-js-bpmnlint's `translate`; the server maps each report through it.
 * An English message not listed stays English (never silently dropped).
 */

const OWN = {
  candidateGroupMissing: 'Nhiệm vụ người dùng chưa có nhóm xử lý (camunda:candidateGroups).',
  formMissing: 'Nhiệm vụ người dùng chưa gắn biểu mẫu (camunda:formRef).',
  formBindingNotDeployment:
    'Biểu mẫu nên được gắn với binding "deployment" để mỗi phiên bản quy trình dùng đúng biểu mẫu được triển khai cùng nó.',
  topicMissing: 'Tác vụ ngoài chưa có topic (camunda:topic).',
  topicUnknown: (topic) => `Topic "${topic}" không có worker nào xử lý.`,
  dueDateMissing:
    'Thủ tục có thời hạn giải quyết: nhiệm vụ người dùng này chưa có hạn xử lý (camunda:dueDate).',
  reminderMissing:
    'Thủ tục có thời hạn giải quyết nhưng chưa có bộ hẹn giờ nhắc hạn (sự kiện hẹn giờ dẫn tới tác vụ notify.escalate).',
  apologyMissing:
    'Thủ tục có thời hạn giải quyết nhưng chưa có bộ hẹn giờ quá hạn gửi văn bản xin lỗi (sự kiện hẹn giờ dẫn tới tác vụ dossier.apology).',
  noPathToEnd: 'Từ phần tử này không có đường đi nào tới sự kiện kết thúc.',
  formNotDeployed: (formId) => `Biểu mẫu "${formId}" không có trong gói triển khai.`,
};

const CORE = {
  'Element is missing bpmndi': 'Phần tử chưa có thông tin sơ đồ (BPMNDI).',
  'Element is outside of parent boundary': 'Phần tử nằm ngoài đường biên của phần tử cha.',
  'Element overlaps with other element': 'Phần tử chồng lên phần tử khác.',
  'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional':
    'Luồng đi ra từ cổng dựa trên sự kiện không được có điều kiện.',
  'Sequence flow is missing condition': 'Luồng chưa có điều kiện.',
  'A <Start Event> is not allowed in <Ad Hoc Sub Process>':
    'Không được đặt sự kiện bắt đầu trong quy trình con ad-hoc.',
  'An <End Event> is not allowed in <Ad Hoc Sub Process>':
    'Không được đặt sự kiện kết thúc trong quy trình con ad-hoc.',
  'Start event is missing event definition': 'Sự kiện bắt đầu chưa có định nghĩa sự kiện.',
  'Start event must be blank': 'Sự kiện bắt đầu phải là sự kiện trống.',
  'Link event is missing link name': 'Sự kiện liên kết chưa có tên liên kết.',
  'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>':
    'Cổng dựa trên sự kiện phải có ít nhất 2 luồng đi ra.',
  'Conditional event is missing a condition': 'Sự kiện điều kiện chưa có điều kiện.',
  'Element is an implicit end':
    'Phần tử kết thúc ngầm (không có luồng đi ra và không phải sự kiện kết thúc).',
  'Element is an implicit start':
    'Phần tử bắt đầu ngầm (không có luồng đi vào và không phải sự kiện bắt đầu).',
  'Element is missing label/name': 'Phần tử chưa có tên.',
  'Element is not connected': 'Phần tử chưa được nối với quy trình.',
  'Event has multiple event definitions': 'Sự kiện có nhiều hơn một định nghĩa sự kiện.',
  'Flow splits implicitly': 'Luồng tách nhánh ngầm: hãy dùng một cổng (gateway).',
  'Gateway forks and joins': 'Cổng vừa gộp vừa tách luồng: hãy tách thành hai cổng.',
  'Gateway is superfluous. It only has one source and target.':
    'Cổng thừa: chỉ có một luồng vào và một luồng ra.',
  'Incoming flows do not join': 'Các luồng đi vào không được gộp: hãy dùng một cổng gộp.',
  'Sequence flow has superfluous label': 'Luồng có nhãn thừa.',
  'SequenceFlow is a duplicate': 'Luồng bị trùng lặp.',
  'Termination is superfluous.': 'Sự kiện kết thúc dừng toàn bộ (terminate) là thừa.',
  'Element is missing name': 'Phần tử chưa có tên.',
  'Element is unused': 'Phần tử không được dùng.',
  'Element name is not unique': 'Tên phần tử bị trùng.',
  'Duplicate outgoing sequence flows': 'Có các luồng đi ra trùng nhau.',
  'Duplicate incoming sequence flows': 'Có các luồng đi vào trùng nhau.',
  'Process is missing end event': 'Quy trình chưa có sự kiện kết thúc.',
  'Sub process is missing end event': 'Quy trình con chưa có sự kiện kết thúc.',
  'Process is missing start event': 'Quy trình chưa có sự kiện bắt đầu.',
  'Sub process is missing start event': 'Quy trình con chưa có sự kiện bắt đầu.',
  'Process has multiple blank start events': 'Quy trình có nhiều sự kiện bắt đầu trống.',
  'Sub process has multiple blank start events': 'Quy trình con có nhiều sự kiện bắt đầu trống.',
};

/** Messages built from variables: [pattern, Vietnamese from the match]. */
const PATTERNS = [
  [/^Element type <(.+)> is discouraged$/, (m) => `Không nên dùng loại phần tử ${m[1]}.`],
  [
    /^Duplicate link catch event with link name <(.*)> in scope$/,
    (m) => `Trùng sự kiện bắt liên kết có tên "${m[1]}" trong cùng phạm vi.`,
  ],
  [
    /^Link (catch|throw) event with link name <(.*)> missing in scope$/,
    (m) => `Thiếu sự kiện ${m[1] === 'catch' ? 'bắt' : 'ném'} liên kết có tên "${m[2]}" trong cùng phạm vi.`,
  ],
  [
    /^Element has a non-standard width; expected width of (\d+)$/,
    (m) => `Phần tử có chiều rộng không chuẩn; chiều rộng chuẩn là ${m[1]}.`,
  ],
  [
    /^Element has a non-standard height; expected height of (\d+)$/,
    (m) => `Phần tử có chiều cao không chuẩn; chiều cao chuẩn là ${m[1]}.`,
  ],
  [
    /^Element has a non-standard size; expected (\d+)x(\d+)$/,
    (m) => `Phần tử có kích thước không chuẩn; kích thước chuẩn là ${m[1]}×${m[2]}.`,
  ],
  [
    /^(.+) is missing (start|end) event$/,
    (m) => `${m[1]} chưa có sự kiện ${m[2] === 'start' ? 'bắt đầu' : 'kết thúc'}.`,
  ],
];

/** The Vietnamese of a lint message (ours pass through unchanged). */
function translateMessage(message) {
  if (Object.prototype.hasOwnProperty.call(CORE, message)) return CORE[message];
  for (const [pattern, vi] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return vi(m);
  }
  return message;
}

module.exports = { OWN, CORE, translateMessage };
