/**
 * form-js has no translations yet (bpmn-io/form-js#77): its validator speaks English. These are
 * its messages (@bpmn-io/form-js-viewer 1.23) in Vietnamese; anything unknown is shown unchanged
 * (a form's own patternErrorMessage is already Vietnamese).
 */
const RULES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^Field is required\.$/, () => 'Trường này là bắt buộc.'],
  [/^Field must have minimum length of (.+)\.$/, (m) => `Cần ít nhất ${m[1]} ký tự.`],
  [/^Field must have maximum length of (.+)\.$/, (m) => `Không được quá ${m[1]} ký tự.`],
  [/^Field must have minimum value of (.+)\.$/, (m) => `Giá trị nhỏ nhất là ${m[1]}.`],
  [/^Field must have maximum value of (.+)\.$/, (m) => `Giá trị lớn nhất là ${m[1]}.`],
  [/^Field must match pattern (.+)\.$/, () => 'Giá trị không đúng định dạng.'],
  [/^Field must be a valid email\.$/, () => 'Thư điện tử không hợp lệ.'],
  [/^Field must be a valid\s+international phone number\./, () => 'Số điện thoại không hợp lệ.'],
  [/^Value is not a number\.$/, () => 'Giá trị phải là số.'],
  [/^Value is expected to be an integer\.$/, () => 'Giá trị phải là số nguyên.'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (m) => `Tối đa ${m[1]} chữ số thập phân.`],
];

export function translateFormMessage(message: string): string {
  for (const [re, vi] of RULES) {
    const m = re.exec(message);
    if (m) return vi(m);
  }
  return message;
}

interface ValidatorLike {
  validateField(...args: unknown[]): string[];
  validateFieldInstance(...args: unknown[]): string[];
}

/** Wraps a form-js Validator instance so every message it returns is in Vietnamese. */
export function localiseValidator(validator: ValidatorLike): void {
  for (const method of ['validateField', 'validateFieldInstance'] as const) {
    const original = validator[method].bind(validator);
    validator[method] = (...args: unknown[]) => original(...args).map(translateFormMessage);
  }
}

/** Fixed widget texts of form-js 1.23 (select placeholder, search box) in Vietnamese. */
const WIDGET_TEXT: Record<string, string> = { Select: 'Chọn', Search: 'Tìm kiếm' };

/**
 * Keeps form-js's fixed widget texts in Vietnamese: rewrites them once rendered and again whenever
 * form-js renders them anew (an observer, since form-js offers no hook for these strings).
 */
export function localiseWidgets(container: HTMLElement): MutationObserver {
  const fix = (root: ParentNode) => {
    // Change the text node's data in place: form-js (preact) keeps a reference to that node, so
    // replacing it would make form-js add its own text again beside ours.
    root.querySelectorAll('.fjs-select-display').forEach((el) => {
      el.childNodes.forEach((node) => {
        const vi = node.nodeType === Node.TEXT_NODE ? WIDGET_TEXT[(node as Text).data] : undefined;
        if (vi) (node as Text).data = vi;
      });
    });
    root.querySelectorAll('input[placeholder]').forEach((el) => {
      const vi = WIDGET_TEXT[el.getAttribute('placeholder') ?? ''];
      if (vi) el.setAttribute('placeholder', vi);
    });
  };
  fix(container);
  const observer = new MutationObserver(() => fix(container));
  observer.observe(container, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['placeholder', 'class'],
  });
  return observer;
}
