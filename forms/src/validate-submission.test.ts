import { describe, expect, it } from '@jest/globals';
import { listFormFields } from './form-fields.js';
import { parseFormSchema, type FormSchema } from './form-schema.js';
import { validateSubmission, type FieldError } from './validate-submission.js';
import { MESSAGES as FORM_MESSAGES } from './messages.js';

// A form that uses every rule the validator knows, in form-js 1.23 shape.
const form: FormSchema = parseFormSchema({
  type: 'default',
  id: 'Form_Fixture',
  schemaVersion: 19,
  components: [
    { type: 'text', text: '# Tờ khai' },
    {
      type: 'textfield',
      key: 'fullName',
      label: 'Họ và tên',
      validate: { required: true, minLength: 2, maxLength: 10 },
    },
    {
      type: 'textfield',
      key: 'citizenId',
      label: 'Số định danh cá nhân',
      validate: { required: true, pattern: '^\\d{12}$', patternErrorMessage: 'Số định danh gồm 12 chữ số.' },
    },
    { type: 'textfield', key: 'email', label: 'Thư điện tử', validate: { validationType: 'email' } },
    { type: 'number', key: 'years', label: 'Số năm', decimalDigits: 0, validate: { min: 0, max: 50 } },
    { type: 'number', key: 'dose', label: 'Liều', increment: '0.5' },
    { type: 'datetime', key: 'birthDate', subtype: 'date', label: 'Ngày sinh', validate: { required: true } },
    { type: 'datetime', key: 'at', subtype: 'datetime', label: 'Thời điểm' },
    {
      type: 'select',
      key: 'job',
      label: 'Công việc',
      values: [
        { label: 'Vận hành', value: 'operate' },
        { label: 'Bảo dưỡng', value: 'maintain' },
      ],
      validate: { required: true },
    },
    {
      type: 'checklist',
      key: 'sources',
      label: 'Nguồn',
      values: [
        { label: 'X', value: 'x' },
        { label: 'Y', value: 'y' },
      ],
    },
    { type: 'checkbox', key: 'truthful', label: 'Cam kết', validate: { required: true } },
    { type: 'checkbox', key: 'newsletter', label: 'Nhận tin' },
    {
      type: 'group',
      label: 'Chứng chỉ đào tạo',
      path: 'training',
      components: [
        { type: 'textfield', key: 'certificateNo', label: 'Số chứng nhận', validate: { required: true } },
        {
          type: 'textfield',
          key: 'hidden',
          label: 'Ẩn',
          validate: { required: true },
          conditional: { hide: '=true' },
        },
      ],
    },
    {
      type: 'dynamiclist',
      path: 'courses',
      label: 'Khoá học',
      components: [{ type: 'textfield', key: 'name', label: 'Tên khoá', validate: { required: true } }],
    },
    { type: 'button', key: 'submit', label: 'Nộp' },
  ],
});

const valid = {
  fullName: '  Ngô Thị A ',
  citizenId: '001203004567',
  birthDate: '1990-05-17',
  job: 'operate',
  truthful: true,
  training: { certificateNo: 'ĐT-12' },
};

interface Fixture {
  name: string;
  data: unknown;
  errors: FieldError[];
  values?: Record<string, unknown>;
}

const fixtures: Fixture[] = [
  {
    name: 'valid minimal data, cleaned and trimmed',
    data: valid,
    errors: [],
    values: { ...valid, fullName: 'Ngô Thị A' },
  },
  {
    name: 'missing required fields (checkbox unticked, group field, whitespace only)',
    data: { fullName: '   ', truthful: false },
    errors: [
      { field: 'fullName', label: 'Họ và tên', message: 'Trường này là bắt buộc.' },
      { field: 'citizenId', label: 'Số định danh cá nhân', message: 'Trường này là bắt buộc.' },
      { field: 'birthDate', label: 'Ngày sinh', message: 'Trường này là bắt buộc.' },
      { field: 'job', label: 'Công việc', message: 'Trường này là bắt buộc.' },
      { field: 'truthful', label: 'Cam kết', message: 'Bạn cần đánh dấu mục này.' },
      { field: 'training.certificateNo', label: 'Số chứng nhận', message: 'Trường này là bắt buộc.' },
    ],
  },
  {
    name: 'pattern, lengths, email',
    data: { ...valid, fullName: 'Nguyễn Văn Bình An', citizenId: '12345', email: 'not-an-email' },
    errors: [
      { field: 'fullName', label: 'Họ và tên', message: 'Không được quá 10 ký tự.' },
      { field: 'citizenId', label: 'Số định danh cá nhân', message: 'Số định danh gồm 12 chữ số.' },
      { field: 'email', label: 'Thư điện tử', message: 'Địa chỉ thư điện tử không hợp lệ.' },
    ],
  },
  {
    name: 'numbers: type, integer, bounds, increment; numeric strings accepted',
    data: { ...valid, years: 51.5, dose: 0.7 },
    errors: [
      { field: 'years', label: 'Số năm', message: 'Giá trị phải là số nguyên.' },
      { field: 'years', label: 'Số năm', message: 'Giá trị lớn nhất là 50.' },
      { field: 'dose', label: 'Liều', message: 'Giá trị phải là bội số của 0.5.' },
    ],
  },
  {
    name: 'numbers given as strings are typed',
    data: { ...valid, years: '12', dose: '1.5' },
    errors: [],
    values: { ...valid, fullName: 'Ngô Thị A', years: 12, dose: 1.5 },
  },
  {
    name: 'a number that is not one',
    data: { ...valid, years: '12abc', dose: true },
    errors: [
      { field: 'years', label: 'Số năm', message: 'Giá trị phải là một số.' },
      { field: 'dose', label: 'Liều', message: 'Giá trị phải là một số.' },
    ],
  },
  {
    name: 'options, booleans and dates of the wrong kind',
    data: {
      ...valid,
      job: 'fly',
      sources: ['x', 'z'],
      truthful: 'yes',
      birthDate: '1990-02-30',
      at: '2026-11-27 10:00',
    },
    errors: [
      { field: 'birthDate', label: 'Ngày sinh', message: FORM_MESSAGES.date },
      { field: 'at', label: 'Thời điểm', message: 'Ngày giờ không hợp lệ.' },
      { field: 'job', label: 'Công việc', message: 'Lựa chọn không hợp lệ.' },
      { field: 'sources', label: 'Nguồn', message: 'Lựa chọn không hợp lệ.' },
      { field: 'truthful', label: 'Cam kết', message: 'Giá trị phải là đúng hoặc sai.' },
    ],
  },
  {
    name: 'undeclared keys are rejected, at the top and inside groups (no injected process variables)',
    data: { ...valid, approved: true, submit: true, training: { certificateNo: 'x', extra: 1 } },
    errors: [
      { field: 'approved', label: 'approved', message: 'Trường này không có trong biểu mẫu.' },
      { field: 'submit', label: 'submit', message: 'Trường này không có trong biểu mẫu.' },
      { field: 'training.extra', label: 'extra', message: 'Trường này không có trong biểu mẫu.' },
    ],
  },
  {
    name: 'dynamic list items are validated one by one',
    data: { ...valid, courses: [{ name: 'ATBX cơ bản' }, { name: '' }, 'x'] },
    errors: [
      { field: 'courses[1].name', label: 'Tên khoá', message: 'Trường này là bắt buộc.' },
      { field: 'courses[2]', label: 'Khoá học', message: 'Dữ liệu gửi lên phải là một đối tượng JSON.' },
    ],
  },
  {
    name: 'a text field given a non-string',
    data: { ...valid, fullName: 42, training: 'x' },
    errors: [
      { field: 'fullName', label: 'Họ và tên', message: 'Giá trị phải là chuỗi ký tự.' },
      { field: 'training', label: 'training', message: 'Dữ liệu gửi lên phải là một đối tượng JSON.' },
    ],
  },
  {
    name: 'not an object at all',
    data: ['fullName'],
    errors: [{ field: '', label: '', message: 'Dữ liệu gửi lên phải là một đối tượng JSON.' }],
  },
];

describe('validateSubmission', () => {
  it.each(fixtures)('$name', ({ data, errors, values }) => {
    const result = validateSubmission(form, data);
    expect(result.errors).toEqual(errors);
    expect(result.valid).toBe(errors.length === 0);
    if (values) expect(result.values).toEqual(values);
  });

  it('keeps an unticked optional checkbox as false and strips unknown keys on request', () => {
    const result = validateSubmission(
      form,
      { ...valid, newsletter: false, approved: true },
      { unknownKeys: 'strip' },
    );
    expect(result.errors).toEqual([]);
    expect(result.values.newsletter).toBe(false);
    expect(result.values).not.toHaveProperty('approved');
  });
});

describe('listFormFields', () => {
  it('lists input fields in order with their labels, skipping text and buttons', () => {
    const fields = listFormFields(form);
    expect(fields.map((f) => f.key)).toEqual([
      'fullName',
      'citizenId',
      'email',
      'years',
      'dose',
      'birthDate',
      'at',
      'job',
      'sources',
      'truthful',
      'newsletter',
      'training.certificateNo',
      'training.hidden',
      'courses[].name',
    ]);
    expect(fields[0]).toEqual({ key: 'fullName', label: 'Họ và tên', type: 'textfield', required: true });
    expect(fields.find((f) => f.key === 'job')?.options).toHaveLength(2);
  });

  it('rejects a schema that is not a form-js form', () => {
    expect(() => parseFormSchema({ type: 'default', components: [] })).toThrow();
    expect(() => parseFormSchema({ type: 'other', id: 'x', schemaVersion: 19, components: [] })).toThrow();
  });
});
