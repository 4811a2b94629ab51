/**
 * The history event kinds an applicant is told of (issue 12), and how to write them down. The
 * templates that render them live with the sender (engine-workers/src/notify/templates.ts); an
 * event of another kind queues nothing.
 */
export const NOTIFIABLE_KINDS = [
  /** The main clock started: received, with the appointment date. */
  'main-clock-started',
  /** The desk asked for a supplement (the reasons are the check's note). */
  'supplement-requested',
  /** A fee to pay (the national status 6). */
  'payment-requested',
  /** The result is returned. */
  'result-returned',
  /** Refused (after processing), not accepted (at the desk) or stopped, with the reason. */
  'refused',
  'not-accepted',
  'stopped',
  /** Late: the apology letter with the new date. */
  'late',
] as const;

export type NotifiableKind = (typeof NOTIFIABLE_KINDS)[number];

export function isNotifiableKind(kind: string): kind is NotifiableKind {
  return (NOTIFIABLE_KINDS as readonly string[]).includes(kind);
}

export type NotificationChannel = 'email' | 'sms';
export type NotificationChoice = 'none' | 'email' | 'sms' | 'both';
export const NOTIFICATION_CHOICES: readonly NotificationChoice[] = ['none', 'email', 'sms', 'both'];

export function channelsOf(choice: string): NotificationChannel[] {
  if (choice === 'both') return ['email', 'sms'];
  if (choice === 'email' || choice === 'sms') return [choice];
  return [];
}
