// Entry point of the workers process (`node engine-workers/dist/main.js`): config from the
// environment, a pino logger, and a clean stop on SIGINT/SIGTERM.
import { pino } from 'pino';
import { jsonLogOptions, type Logger } from '@motcua/domain';
import { loadWorkersConfig } from './config.js';
import { startWorkers } from './start-workers.js';

const config = loadWorkersConfig();
const logger = pino(jsonLogOptions('motcua-workers', config.logLevel)) as unknown as Logger;

const workers = await startWorkers({
  engineUrl: config.engineUrl,
  ...(config.engineAuth ? { engineAuth: config.engineAuth } : {}),
  dbUrl: config.dbUrl,
  logger,
  workerId: config.workerId,
  ...(config.unitCode ? { unitCode: config.unitCode } : {}),
  lockDurationMs: config.lockDurationMs,
  maxTasks: config.maxTasks,
  asyncResponseTimeoutMs: config.asyncResponseTimeoutMs,
  pollIntervalMs: config.pollIntervalMs,
  apologyExtensionWorkingDays: config.apologyExtensionWorkingDays,
  historyPollMs: config.historyPollMs,
  notifications: config.notifications,
  ...(config.signing ? { signing: config.signing } : {}),
  ...(config.devSigningKeyDir ? { devSigningKeyDir: config.devSigningKeyDir } : {}),
  ...(config.nationalPortal ? { nationalPortal: config.nationalPortal } : {}),
  ...(config.ops ? { ops: config.ops } : {}),
  retry: {
    retries: config.retries,
    backoffMs: config.retryBackoffMs,
    maxBackoffMs: config.retryBackoffMaxMs,
  },
});

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping workers');
  try {
    await workers.close();
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'workers did not stop cleanly');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
