import { pino } from 'pino';
import { redactDbUrl } from '@motcua/db';
import { jsonLogOptions, type Logger } from '@motcua/domain';
import { loadEngineConfig, restSecurityOf } from './config.js';
import { startEngine } from './start-engine.js';

// `npm run engine`: the engine REST alone.
const config = loadEngineConfig();
const logger = pino(jsonLogOptions('motcua-engine', config.LOG_LEVEL)) as unknown as Logger;
const engine = await startEngine({
  dbUrl: config.DB_URL,
  port: config.ENGINE_PORT,
  host: config.ENGINE_HOST,
  security: restSecurityOf(config),
  files: { maxBytes: config.ENGINE_MAX_FILE_BYTES },
  jobExecutor: { lockDurationMs: config.ENGINE_JOB_LOCK_MS, pollIntervalMs: config.ENGINE_JOB_POLL_MS },
  metrics: { token: config.METRICS_TOKEN, processMetrics: true },
  logger,
});
logger.info({ url: engine.url, db: redactDbUrl(config.DB_URL) }, 'motcua engine started');
if (restSecurityOf(config).auth === 'none' && !['127.0.0.1', 'localhost', '::1'].includes(config.ENGINE_HOST))
  logger.warn(
    { host: config.ENGINE_HOST },
    'the REST API is open (ENGINE_AUTH=none) and listens beyond this machine: set ENGINE_AUTH=basic',
  );

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  engine.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'engine did not stop cleanly');
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
