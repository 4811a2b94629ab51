/**
 * A MariaDB server of the soak test's own: its datadir under /tmp, its own port, started and
 * stopped by the test, so the soak can restart the database under load without touching the
 * shared server on 3306 that the other suites use. Needs `mariadb-install-db` and `mariadbd`
 * (Debian's mariadb-server, which CI installs anyway).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort, until } from './processes.js';

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p));
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((p) => existsSync(p));

/** Why no throwaway server can run here, or null when it can. */
export function throwawayMariadbProblem(): string | null {
  if (!MARIADBD || !INSTALL_DB)
    return 'mariadbd / mariadb-install-db not installed (apt-get install mariadb-server)';
  return null;
}

export class ThrowawayMariadb {
  readonly dir = mkdtempSync(join(tmpdir(), 'motcua-soak-mariadb-'));
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  /** `mysql://soak:soak@127.0.0.1:<port>/soak`, the database the engines and workers share. */
  get url(): string {
    return `mysql://soak:soak@127.0.0.1:${this.port}/soak`;
  }

  static async create(): Promise<ThrowawayMariadb> {
    const server = new ThrowawayMariadb(await freePort());
    execFileSync(
      INSTALL_DB!,
      [
        '--no-defaults',
        `--datadir=${join(server.dir, 'data')}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ],
      { stdio: 'ignore' },
    );
    await server.start();
    const root = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
    await root.query(`CREATE DATABASE soak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await root.query(`CREATE USER 'soak'@'127.0.0.1' IDENTIFIED BY 'soak'`);
    await root.query(`GRANT ALL ON soak.* TO 'soak'@'127.0.0.1'`);
    await root.end();
    return server;
  }

  /** Starts mariadbd on the datadir (crash recovery first, when it was killed) and waits for it. */
  async start(): Promise<void> {
    const log = openSync(join(this.dir, 'mariadbd.log'), 'a');
    this.child = spawn(
      MARIADBD!,
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mariadbd.sock')}`,
        `--pid-file=${join(this.dir, 'mariadbd.pid')}`,
        '--skip-log-bin',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=64M',
        // Durability as in production: every commit reaches the disk.
        '--innodb-flush-log-at-trx-commit=1',
        '--max-connections=300',
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const child = this.child;
    await until(
      'the throwaway mariadbd to answer',
      async () => {
        if (child.exitCode !== null) throw new Error(`mariadbd exited (${child.exitCode}); see ${this.dir}`);
        const c = await mysql
          .createConnection({ host: '127.0.0.1', port: this.port, user: 'root', connectTimeout: 500 })
          .catch(() => null);
        await c?.end();
        return c !== null;
      },
      30_000,
    );
  }

  /** Stops the server: SIGTERM is an administrator's restart, SIGKILL a power cut. */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
