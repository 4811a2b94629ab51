import { z } from 'zod';
import type { GovMonthlyReport } from './gov-monthly-report.js';

/**
 * Sending the monthly report is configuration only: the endpoint of the Government reporting
 * system (not public; a ministry gets it with its account) and a token. Without `GOV_REPORT_URL`
 * nothing is sent and the file is only produced.
 */
export const govReportConfigSchema = z.object({
  GOV_REPORT_URL: z.url({ error: 'GOV_REPORT_URL phải là một URL (http hoặc https).' }).optional(),
  GOV_REPORT_TOKEN: z.string().min(1).optional(),
  /** Milliseconds before a send is abandoned. */
  GOV_REPORT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});
export type GovReportConfig = z.infer<typeof govReportConfigSchema>;

export function loadGovReportConfig(env: Record<string, string | undefined>): GovReportConfig {
  const parsed = govReportConfigSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join(' '));
  return parsed.data;
}

export type SendResult = { sent: false; reason: 'not-configured' } | { sent: true; status: number };

/** POSTs the report as JSON; a non-2xx answer is an error (the caller keeps the file and retries). */
export async function sendGovReport(report: GovMonthlyReport, config: GovReportConfig): Promise<SendResult> {
  if (!config.GOV_REPORT_URL) return { sent: false, reason: 'not-configured' };
  const res = await fetch(config.GOV_REPORT_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(config.GOV_REPORT_TOKEN ? { authorization: `Bearer ${config.GOV_REPORT_TOKEN}` } : {}),
    },
    body: JSON.stringify(report),
    signal: AbortSignal.timeout(config.GOV_REPORT_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`Hệ thống báo cáo trả lời ${res.status}: báo cáo chưa được nhận.`);
  return { sent: true, status: res.status };
}
