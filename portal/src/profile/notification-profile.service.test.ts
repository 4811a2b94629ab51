import { describe, expect, it } from '@jest/globals';
import { checkNotificationProfile } from './notification-profile.service.js';

describe('notification profile form', () => {
  it.each([
    [
      { email: 'an@example.vn', phone: '', channels: 'email' },
      { email: 'an@example.vn', phone: null, channels: 'email' },
    ],
    [
      { email: '', phone: '0912 345.678', channels: 'sms' },
      { email: null, phone: '0912345678', channels: 'sms' },
    ],
    [
      { email: ' an@example.vn ', phone: '+84912345678', channels: 'both' },
      { email: 'an@example.vn', phone: '+84912345678', channels: 'both' },
    ],
    [
      { email: '', phone: '', channels: 'none' },
      { email: null, phone: null, channels: 'none' },
    ],
  ])('accepts %j', (input, value) => {
    expect(checkNotificationProfile(input)).toEqual({ value });
  });

  it.each([
    [
      { email: 'an@', phone: '', channels: 'email' },
      { email: 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn).' },
    ],
    [
      { email: '', phone: '', channels: 'email' },
      { email: 'Vui lòng nhập địa chỉ thư điện tử để nhận thông báo qua thư.' },
    ],
    [
      { email: 'an@example.vn', phone: '', channels: 'both' },
      { phone: 'Vui lòng nhập số điện thoại để nhận thông báo qua SMS.' },
    ],
    [
      { email: '', phone: '0123456789', channels: 'sms' },
      { phone: 'Số điện thoại di động không hợp lệ (10 chữ số, ví dụ: 0912345678).' },
    ],
    [{ email: '', phone: '', channels: 'fax' }, { channels: 'Vui lòng chọn một cách nhận thông báo.' }],
  ])('refuses %j', (input, errors) => {
    expect(checkNotificationProfile(input)).toEqual({ errors });
  });
});
