import { describe, expect, it } from '@jest/globals';
import type { FormSchema } from '@motcua/forms';
import { submittedDataTable } from './submitted-data.js';

/** The markup without the indentation between tags. */
const flat = (h: { toString(): string }) => h.toString().replace(/>\s+</g, '><');

const schema: FormSchema = {
  type: 'default',
  id: 'f',
  schemaVersion: 19,
  components: [
    { type: 'textfield', key: 'fullName', label: 'Họ và tên' },
    { type: 'datetime', key: 'dateOfBirth', label: 'Ngày sinh', subtype: 'date' },
    {
      type: 'select',
      key: 'job',
      label: 'Công việc',
      values: [{ label: 'Vận hành thiết bị', value: 'van-hanh' }],
    },
    { type: 'checkbox', key: 'commit', label: 'Cam đoan' },
    { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'city', label: 'Tỉnh/thành' }] },
    { type: 'text', text: '### Tiêu đề' },
  ],
};

describe('submittedDataTable', () => {
  it('labels values as the form does: option labels, Có/Không, dd/mm/yyyy, nested paths', () => {
    const data = {
      fullName: 'Nguyễn <b>An</b>',
      dateOfBirth: '1990-12-05',
      job: 'van-hanh',
      commit: true,
      address: { city: 'Hà Nội' },
    };
    const out = flat(submittedDataTable(schema, data));
    expect(out).toContain('<dt>Họ và tên</dt><dd>Nguyễn &lt;b&gt;An&lt;/b&gt;</dd>');
    expect(out).toContain('<dd>05/12/1990</dd>');
    expect(out).toContain('<dd>Vận hành thiết bị</dd>');
    expect(out).toContain('<dd>Có</dd>');
    expect(out).toContain('<dt>Tỉnh/thành</dt><dd>Hà Nội</dd>');
    expect(out).not.toContain('Tiêu đề');
  });

  it('shows a dash for missing values and ignores keys the form does not declare', () => {
    const out = flat(submittedDataTable(schema, { approved: true }));
    expect(out).toContain('<dt>Họ và tên</dt><dd>—</dd>');
    expect(out).not.toContain('approved');
  });
});
