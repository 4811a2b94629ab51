import { z } from 'zod';
import { UserInputError } from '@motcua/domain';
import {
  NOTIFICATION_CHOICES,
  type AuditStore,
  type NotificationChoice,
  type NotificationPreference,
  type NotificationPreferenceStore,
  type PortalUser,
} from '@motcua/db/portal';

/** What the profile form sends. */
export interface NotificationProfileInput {
  email: string;
  phone: string;
  channels: string;
}

/** A Vietnamese mobile number: 0 or +84/84, then 3/5/7/8/9 and 8 digits (spaces and dots allowed). */
const VN_MOBILE = /^(?:0|84|\+84)(3|5|7|8|9)\d{8}$/;

export const notificationProfileSchema = z.object({
  email: z.string().trim().max(200).default(''),
  phone: z.string().trim().max(30).default(''),
  channels: z.string().default('none'),
});

/** Field → Vietnamese message, for the form. */
export type ProfileErrors = Partial<Record<keyof NotificationProfileInput, string>>;

/** Checks the form; the errors by field, or the preference to save. */
export function checkNotificationProfile(
  input: NotificationProfileInput,
): { errors: ProfileErrors } | { value: Omit<NotificationPreference, 'userId' | 'updatedAt'> } {
  const errors: ProfileErrors = {};
  const email = input.email.trim();
  const phone = input.phone.replace(/[\s.]/g, '');
  const channels = input.channels as NotificationChoice;
  if (!NOTIFICATION_CHOICES.includes(channels)) errors.channels = 'Vui lòng chọn một cách nhận thông báo.';
  if (email && !z.email().safeParse(email).success)
    errors.email = 'Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn).';
  if (phone && !VN_MOBILE.test(phone))
    errors.phone = 'Số điện thoại di động không hợp lệ (10 chữ số, ví dụ: 0912345678).';
  if ((channels === 'email' || channels === 'both') && !email && !errors.email)
    errors.email = 'Vui lòng nhập địa chỉ thư điện tử để nhận thông báo qua thư.';
  if ((channels === 'sms' || channels === 'both') && !phone && !errors.phone)
    errors.phone = 'Vui lòng nhập số điện thoại để nhận thông báo qua SMS.';
  if (Object.keys(errors).length) return { errors };
  return { value: { email: email || null, phone: phone || null, channels } };
}

/** The user's notification choices: read, validated, saved, audited. */
export class NotificationProfileService {
  constructor(
    private readonly deps: {
      preferences: NotificationPreferenceStore;
      audit: AuditStore;
      clock?: () => Date;
    },
  ) {}

  async get(user: PortalUser): Promise<NotificationPreference | null> {
    return this.deps.preferences.find(user.id);
  }

  /** Saves the choice; a UserInputError carrying the field errors when the form is wrong. */
  async save(
    user: PortalUser,
    input: NotificationProfileInput,
    ip: string | null,
  ): Promise<NotificationPreference> {
    const checked = checkNotificationProfile(input);
    if ('errors' in checked) throw new ProfileInputError(checked.errors);
    const pref: NotificationPreference = {
      userId: user.id,
      ...checked.value,
      updatedAt: this.deps.clock ? this.deps.clock() : new Date(),
    };
    await this.deps.preferences.save(pref);
    await this.deps.audit.append({
      actor: user.id,
      action: 'profile.notifications',
      target: user.id,
      // Which channels and whether addresses are set, not the addresses themselves.
      detail: { channels: pref.channels, email: pref.email !== null, phone: pref.phone !== null },
      ip,
    });
    return pref;
  }
}

export class ProfileInputError extends UserInputError {
  constructor(readonly fields: ProfileErrors) {
    super('Vui lòng kiểm tra lại các thông tin đã nhập.');
  }
}
