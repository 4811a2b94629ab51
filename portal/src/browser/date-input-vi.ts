/**
 * form-js's date picker (flatpickr) in Vietnamese, whatever the browser's language:
 * - the calendar speaks Vietnamese (Thứ Hai…, tháng 12), weeks start on Monday;
 * - the user types and reads dd/mm/yyyy (form-js takes the format from the browser's locale, so an
 *   American browser would read 05/12/1990 as 12 May); the placeholder says dd/mm/yyyy;
 * - a day that does not exist (31/02/2024) is refused with a message and the typed text kept:
 *   flatpickr would otherwise roll it over to 02/03/2024 without a word;
 * - a date field's natural range (custom property `notAfter` / `notBefore`, see
 *   `@motcua/forms/date-rules`) is checked as the server checks it.
 */
import flatpickrModule from 'flatpickr';
import { checkDateRange, dateRangeOf, parseDayMonthYear, vietnamToday } from '@motcua/forms/date-rules';

const DATE_FORMAT = 'd/m/Y';

const VIETNAMESE = {
  weekdays: {
    shorthand: ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ],
    longhand: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ],
  },
  months: {
    shorthand: ['Th1', 'Th2', 'Th3', 'Th4', 'Th5', 'Th6', 'Th7', 'Th8', 'Th9', 'Th10', 'Th11', 'Th12'] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ],
    longhand: Array.from({ length: 12 }, (_, i) => `tháng ${i + 1}`) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ],
  },
  firstDayOfWeek: 1,
  rangeSeparator: ' đến ',
  weekAbbreviation: 'Tuần',
  scrollTitle: 'Cuộn để thay đổi',
  toggleTitle: 'Bấm để chuyển',
  yearAriaLabel: 'Năm',
  monthAriaLabel: 'Tháng',
  hourAriaLabel: 'Giờ',
  minuteAriaLabel: 'Phút',
  time_24hr: true,
};

// The package's typings are CommonJS-style; the bundle gets the ES module's default function.
/** The part of a flatpickr instance used here. */
interface Instance {
  input: HTMLInputElement;
  set(option: 'dateFormat', value: string): void;
  config: { parseDate?: (text: string) => Date | undefined };
}
const flatpickr = flatpickrModule as unknown as {
  localize(l10n: typeof VIETNAMESE): void;
  setDefaults(config: {
    ariaDateFormat?: string;
    onReady?: Array<(dates: Date[], str: string, instance: Instance) => void>;
  }): void;
};

/** Every flatpickr instance on the page (form-js creates them) in Vietnamese and dd/mm/yyyy. */
export function vietnameseDatePicker(): void {
  flatpickr.localize(VIETNAMESE);
  flatpickr.setDefaults({
    // How a day is read out to a screen reader: "Thứ Bảy, 5 tháng 12 1990".
    ariaDateFormat: 'l, j F Y',
    onReady: [
      (_dates: Date[], _str: string, instance: Instance) => {
        // form-js passes the browser locale's format; the public service writes dd/mm/yyyy.
        instance.set('dateFormat', DATE_FORMAT);
        // flatpickr takes parseDate only from the instance's own options, never from its defaults.
        instance.config.parseDate = strictParse;
        instance.input.placeholder = 'dd/mm/yyyy';
      },
    ],
  });
}

const ERROR_CLASS = 'date-typed-error';
const DATE_INPUTS = '.fjs-datepicker input.fjs-input';

/**
 * flatpickr's parser for typed text: day first, and no rolling over. Clicking outside the field
 * makes flatpickr parse the text itself (its document listener, out of reach of the guard below);
 * for a day that does not exist this returns nothing, flatpickr then empties the field, and the
 * text is put back right after with its message.
 */
function strictParse(text: string): Date | undefined {
  const parsed = parseDayMonthYear(text);
  if ('iso' in parsed) {
    const [y, m, d] = parsed.iso.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d);
  }
  // A day flatpickr is handed by form-js itself (ISO), not typed by the user.
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return new Date(text);
  const input = [...document.querySelectorAll<HTMLInputElement>(DATE_INPUTS)].find(
    (i) => i.value.trim() === text.trim(),
  );
  if (input)
    queueMicrotask(() => {
      input.value = text;
      checkTypedDate(input);
    });
  return undefined;
}

function errorNodeFor(input: HTMLInputElement): HTMLElement {
  const id = `${input.id}-typed-error`;
  let node = document.getElementById(id);
  if (!node) {
    node = document.createElement('p');
    node.id = id;
    node.className = `fjs-form-field-error ${ERROR_CLASS}`;
    node.setAttribute('role', 'alert');
    input.closest('.fjs-input-group')?.after(node);
  }
  return node;
}

/** The label form-js shows for the date input. */
function labelOf(input: HTMLInputElement): string {
  const label = input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
  return (label?.textContent ?? '').replace(/\*\s*$/, '').trim();
}

export interface TypedDateError {
  field: string;
  label: string;
  message: string;
}

/** Marks the date input when its text is not a real day dd/mm/yyyy (or clears the mark). */
function checkTypedDate(input: HTMLInputElement): TypedDateError | null {
  const text = input.value.trim();
  const parsed = text ? parseDayMonthYear(text) : null;
  const problem = parsed && 'error' in parsed ? parsed.message : null;
  if (!problem) {
    input.removeAttribute('aria-invalid');
    document.getElementById(`${input.id}-typed-error`)?.remove();
    return null;
  }
  input.setAttribute('aria-invalid', 'true');
  const node = errorNodeFor(input);
  node.textContent = problem;
  input.setAttribute('aria-describedby', node.id);
  return { field: input.id, label: labelOf(input), message: problem };
}

/**
 * Stops an impossible typed day before flatpickr rolls it over: Enter and leaving the field are
 * caught (capture phase, before form-js and flatpickr see them), the field is marked with a
 * message, the text stays as typed. Returns the check to run before submitting.
 */
export function guardTypedDates(container: HTMLElement): () => TypedDateError[] {
  const isDateInput = (t: EventTarget | null): t is HTMLInputElement =>
    // form-js's own input (the calendar inside the picker has a year input of its own).
    t instanceof HTMLInputElement && t.classList.contains('fjs-input') && !!t.closest('.fjs-datepicker');

  const check = checkTypedDate;
  const intercept = (e: Event) => {
    if (!isDateInput(e.target)) return;
    if (e instanceof KeyboardEvent && e.key !== 'Enter') return;
    if (check(e.target)) {
      // Neither form-js nor flatpickr may read this text: they would store another day.
      e.stopImmediatePropagation();
      if (e instanceof KeyboardEvent) e.preventDefault();
    }
  };
  container.addEventListener('keydown', intercept, true);
  container.addEventListener('blur', intercept, true);
  container.addEventListener('input', (e) => {
    // While retyping, the old message goes once the text is a real day again.
    if (isDateInput(e.target) && document.getElementById(`${e.target.id}-typed-error`)) check(e.target);
  });

  return () =>
    [...container.querySelectorAll<HTMLInputElement>(DATE_INPUTS)].flatMap((i) => {
      const err = check(i);
      return err ? [err] : [];
    });
}

interface RegistryLike {
  get(id: string): { type?: string; subtype?: string; properties?: unknown } | undefined;
}
interface ValidatorLike {
  validateFieldInstance(...args: unknown[]): string[];
}

/** Adds the date ranges of the schema to form-js's own validation (shown under the field). */
export function validateDateRanges(validator: ValidatorLike, registry: RegistryLike): void {
  const original = validator.validateFieldInstance.bind(validator);
  validator.validateFieldInstance = (...args: unknown[]) => {
    const errors = original(...args);
    const instance = args[0] as { id?: string } | undefined;
    const value = args[1];
    const field = instance?.id ? registry.get(instance.id) : undefined;
    if (field?.type !== 'datetime' || typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
      return errors;
    const outside = checkDateRange(value, dateRangeOf(field), vietnamToday());
    return outside ? [...errors, outside] : errors;
  };
}
