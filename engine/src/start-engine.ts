import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createEngineStore, openDatabase } from '@motcua/db';
import { silentLogger, type Logger } from '@motcua/domain';
import { EngineCore } from './engine-core.js';
import { systemClock, type Clock } from './runtime/clock.js';
import { createRestApp } from './rest/rest-app.js';
import type { RestCredentials } from './rest/basic-auth.js';

export interface StartEngineOptions {
  /** `sqlite:<path>` or `mysql://…` (default `sqlite:./data/motcua.sqlite`). */
  dbUrl?: string;
  /** TCP port; 0 picks a free one (tests). Default 8080. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** The engine's only time source; tests pass a TestClock. Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** When set, every REST route requires HTTP Basic authentication with these credentials. */
  auth?: RestCredentials;
}

export interface RunningEngine {
  /** `http://host:port/engine-rest`. */
  url: string;
  clock: Clock;
  /** Database statements issued so far: tests check that hot paths stay flat as data grows. */
  stats(): { statements: number };
  close(): Promise<void>;
}

/** Opens the database (applying migrations) and serves the Camunda REST API. */
export async function startEngine(options: StartEngineOptions = {}): Promise<RunningEngine> {
  const logger = (options.logger ?? silentLogger).child({ component: 'engine' });
  const clock = options.clock ?? systemClock;
  const ds = await openDatabase({ url: options.dbUrl });
  const store = createEngineStore(ds);
  const core = new EngineCore(store, clock, logger);
  const app = createRestApp(core, logger, options.auth);
  const server: Server = createServer(app.callback());
  // Long polls may hold a request up to 30 min; node's default request timeout is 5 min.
  server.requestTimeout = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/engine-rest`;
  logger.info({ url }, 'engine REST listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    clock,
    stats: () => ({ statements: store.statements }),
    close: () => {
      closing ??= (async () => {
        core.notifier.close(); // parked fetchAndLock requests answer [] now
        await new Promise<void>((resolve) => {
          // Keep-alive connections become idle as the released polls answer: close them as they
          // do, and cut whatever is left after 2 s.
          const sweep = setInterval(() => server.closeIdleConnections(), 20);
          const cut = setTimeout(() => server.closeAllConnections(), 2000);
          server.close(() => {
            clearInterval(sweep);
            clearTimeout(cut);
            resolve();
          });
          server.closeIdleConnections();
        });
        await ds.destroy();
      })();
      return closing;
    },
  };
}
