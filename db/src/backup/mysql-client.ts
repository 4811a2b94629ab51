import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DbTarget } from '../db-url.js';

type MysqlTarget = Extract<DbTarget, { kind: 'mysql' }>;

/**
 * The MySQL/MariaDB command-line clients, run with the credentials in a 0600 option file that
 * exists only while they run: never on the command line (visible in `ps`) nor in the environment.
 * MariaDB's names first (`mariadb-dump`, `mariadb`; Debian's mariadb-client, also in our image),
 * then MySQL's (`mysqldump`, `mysql`).
 */
async function withOptionFile<T>(t: MysqlTarget, run: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-db-'));
  const file = join(dir, 'client.cnf');
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  writeFileSync(
    file,
    `[client]\nhost=${quote(t.host)}\nport=${t.port}\nuser=${quote(t.user)}\npassword=${quote(t.password)}\n`,
    { mode: 0o600 },
  );
  try {
    return await run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first of `programs` found on PATH. */
function findProgram(programs: string[]): string {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const p of programs) for (const d of dirs) if (existsSync(join(d, p))) return join(d, p);
  throw new Error(`${programs.join(' or ')} not found: install the MariaDB or MySQL client (mariadb-client)`);
}

/** Runs the first of `programs` there is; stdin/stdout from/to files; rejects with its stderr. */
async function runClient(
  programs: string[],
  args: string[],
  io: { stdinFile?: string; stdoutFile?: string },
): Promise<void> {
  const program = findProgram(programs);
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const streams = Promise.all([
    io.stdoutFile
      ? pipeline(child.stdout, createWriteStream(io.stdoutFile, { mode: 0o600 }))
      : (child.stdout.resume(), Promise.resolve()),
    io.stdinFile
      ? pipeline(createReadStream(io.stdinFile), child.stdin)
      : (child.stdin.end(), Promise.resolve()),
  ]);
  const code = await exited;
  // A client that failed early may have closed its stdin under us: its exit code says why.
  await streams.catch((err: unknown) => {
    if (code === 0) throw err;
  });
  if (code !== 0)
    throw new Error(`${basename(program)} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`);
}

/**
 * A consistent dump of one database while the platform keeps running: `--single-transaction`
 * reads every InnoDB table at one snapshot without locking writers; `--hex-blob` keeps the stored
 * files (longblob) byte for byte; no CREATE DATABASE, so the dump restores into any database name.
 */
export async function dumpMysql(t: MysqlTarget, outFile: string): Promise<void> {
  await withOptionFile(t, (cnf) =>
    runClient(
      ['mariadb-dump', 'mysqldump'],
      [
        `--defaults-extra-file=${cnf}`,
        '--single-transaction',
        '--quick',
        '--hex-blob',
        '--routines',
        '--triggers',
        '--no-tablespaces',
        '--default-character-set=utf8mb4',
        t.database,
      ],
      { stdoutFile: outFile },
    ),
  );
}

/** Loads a dump into `t.database` (which must exist). */
export async function loadMysqlDump(t: MysqlTarget, dumpFile: string): Promise<void> {
  await withOptionFile(t, (cnf) =>
    runClient(
      ['mariadb', 'mysql'],
      [`--defaults-extra-file=${cnf}`, '--default-character-set=utf8mb4', t.database],
      { stdinFile: dumpFile },
    ),
  );
}
