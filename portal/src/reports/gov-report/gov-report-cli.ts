/**
 * `npm run report:gov -- <YYYY-MM> [--gui]`: writes the month's report for the Government
 * reporting system to `<DATA_DIR>/bao-cao-chinh-phu-<YYYY-MM>.xlsx` (and `.json`); with `--gui`
 * it also sends the JSON to GOV_REPORT_URL when that is configured (gov-report-sender.ts).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@motcua/db';
import { createPortalStores } from '@motcua/db/portal';
import { loadPublishedCatalogue } from '@motcua/processes';
import { Catalogue } from '../../catalogue/catalogue.js';
import { loadPortalConfig } from '../../config.js';
import { reportDimensions } from '../report-dimensions.js';
import { buildGovMonthlyReport, govReportXlsx } from './gov-monthly-report.js';
import { loadGovReportConfig, sendGovReport } from './gov-report-sender.js';

export async function runGovReportCommand(
  args: string[],
  o: { dbUrl: string; outDir: string; env: Record<string, string | undefined> },
): Promise<{ ok: boolean; message: string }> {
  const [month, flag] = args;
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || (flag !== undefined && flag !== '--gui'))
    return { ok: false, message: 'Cách dùng: npm run report:gov -- <YYYY-MM> [--gui]' };
  const config = loadGovReportConfig(o.env);
  const ds = await openDatabase({ url: o.dbUrl });
  try {
    const report = await buildGovMonthlyReport(
      {
        indicators: createPortalStores(ds).indicators,
        dimensions: reportDimensions(new Catalogue(loadPublishedCatalogue())),
      },
      { month },
    );
    mkdirSync(o.outDir, { recursive: true });
    const file = join(o.outDir, `bao-cao-chinh-phu-${month}.xlsx`);
    writeFileSync(file, await govReportXlsx(report));
    writeFileSync(file.replace(/\.xlsx$/, '.json'), JSON.stringify(report, null, 2));
    if (flag !== '--gui') return { ok: true, message: `Đã tạo ${file}.` };
    const sent = await sendGovReport(report, config);
    return sent.sent
      ? { ok: true, message: `Đã tạo ${file} và gửi (HTTP ${sent.status}).` }
      : { ok: false, message: `Đã tạo ${file}; chưa gửi: chưa cấu hình GOV_REPORT_URL.` };
  } finally {
    await ds.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const config = loadPortalConfig();
  const result = await runGovReportCommand(process.argv.slice(2), {
    dbUrl: config.dbUrl,
    outDir: config.dataDir,
    env: process.env,
  }).catch((err: Error) => ({ ok: false, message: err.message }));
  process.stdout.write(result.message + '\n');
  process.exit(result.ok ? 0 : 1);
}
