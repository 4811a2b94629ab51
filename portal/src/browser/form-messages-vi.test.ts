import { describe, expect, it } from '@jest/globals';
import { localiseValidator, translateFormMessage } from './form-messages-vi.js';

describe('form-js messages in Vietnamese', () => {
  it.each([
    ['Field is required.', 'Trường này là bắt buộc.'],
    ['Field must have minimum length of 2.', 'Cần ít nhất 2 ký tự.'],
    ['Field must have maximum length of 100.', 'Không được quá 100 ký tự.'],
    ['Field must be a valid email.', 'Thư điện tử không hợp lệ.'],
    [
      'Field must be a valid  international phone number. (e.g. +4930664040900)',
      'Số điện thoại không hợp lệ.',
    ],
    ['Số định danh cá nhân gồm đúng 12 chữ số.', 'Số định danh cá nhân gồm đúng 12 chữ số.'],
  ])('%s', (en, vi) => expect(translateFormMessage(en)).toBe(vi));

  it('wraps both validator entry points', () => {
    const v = {
      validateField: () => ['Field is required.'],
      validateFieldInstance: () => ['Field must be a valid email.'],
    };
    localiseValidator(v);
    expect(v.validateField()).toEqual(['Trường này là bắt buộc.']);
    expect(v.validateFieldInstance()).toEqual(['Thư điện tử không hợp lệ.']);
  });
});
