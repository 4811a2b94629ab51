/**
 * The channel a dossier came in by (KenhThucHien of the national portal), kept on every dossier:
 * 1 in person at the one-stop desk, 2 online, 3 public post (bưu chính công ích).
 */
export const CHANNEL_IN_PERSON = 1;
export const CHANNEL_ONLINE = 2;
export const CHANNEL_POST = 3;

const LABELS: Record<number, string> = {
  [CHANNEL_IN_PERSON]: 'Trực tiếp',
  [CHANNEL_ONLINE]: 'Trực tuyến',
  [CHANNEL_POST]: 'Bưu chính công ích',
};

/** The channel's Vietnamese name; an unknown number is shown as such, never guessed. */
export function channelLabelVi(channel: number): string {
  return LABELS[channel] ?? `Kênh ${channel}`;
}
