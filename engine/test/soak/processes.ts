/**
 * The soak test's child processes: engines (`node engine/dist/main.js`, what `npm run engine`
 * runs) and workers (`soak-worker.mjs`), each on a fixed port or engine so a restarted one takes
 * its predecessor's place. Output goes to a log file per process, shown when the soak fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_FLAGS } from '../../src/node-flags.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
export const ENGINE_MAIN = join(repo, 'engine/dist/main.js');
const WORKER_SCRIPT = fileURLToPath(new URL('./soak-worker.mjs', import.meta.url));

export async function until(what: string, probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A child process that can be killed and started again in the same role. */
abstract class Restartable {
  private child: ChildProcess | null = null;
  generation = 0;
  /** Exits nobody asked for (a crash on a database restart, say): the soak fails on any. */
  readonly unexpectedExits: string[] = [];
  constructor(
    readonly name: string,
    private readonly logDir: string,
  ) {}

  protected abstract command(): { args: string[]; env: NodeJS.ProcessEnv };
  protected abstract ready(): Promise<boolean>;

  get logFile(): string {
    return join(this.logDir, `${this.name}.log`);
  }

  async start(): Promise<void> {
    this.generation += 1;
    const { args, env } = this.command();
    const log = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, args, {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.child === child)
        this.unexpectedExits.push(`${this.name} gen ${this.generation} exited (${signal ?? code})`);
    });
    await until(
      `${this.name} to be ready`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${this.name} exited (${child.exitCode}):\n${this.tail()}`);
        return this.ready();
      },
      60_000,
    );
  }

  /**
   * Stops the process. SIGTERM asks for a clean stop: one that takes longer than 15 s, or ends
   * with a failure code, is recorded as unexpected and the process is killed.
   */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill(signal);
    if (signal === 'SIGKILL') {
      await exited;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 15_000))),
    ]);
    clearTimeout(timer);
    if (code === 'late') {
      this.unexpectedExits.push(`${this.name} gen ${this.generation} did not stop within 15 s of SIGTERM`);
      child.kill('SIGKILL');
      await exited;
    } else if (code !== 0)
      this.unexpectedExits.push(`${this.name} gen ${this.generation} stopped with code ${code}`);
  }

  tail(lines = 30): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }
}

export class EngineProcess extends Restartable {
  constructor(
    name: string,
    logDir: string,
    readonly port: number,
    private readonly dbUrl: string,
    private readonly jobLockMs: number,
  ) {
    super(name, logDir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/engine-rest`;
  }

  protected command() {
    return {
      args: [...ENGINE_NODE_FLAGS, ENGINE_MAIN],
      env: {
        DB_URL: this.dbUrl,
        ENGINE_PORT: String(this.port),
        ENGINE_HOST: '127.0.0.1',
        ENGINE_JOB_LOCK_MS: String(this.jobLockMs),
        ENGINE_JOB_POLL_MS: '250',
        LOG_LEVEL: 'warn',
      },
    };
  }

  protected async ready(): Promise<boolean> {
    const res = await fetch(`http://127.0.0.1:${this.port}/health/live`).catch(() => null);
    return res?.status === 200;
  }
}

export class WorkerProcess extends Restartable {
  constructor(
    name: string,
    logDir: string,
    private readonly engineUrl: string,
    private readonly dbUrl: string,
    private readonly lockMs: number,
  ) {
    super(name, logDir);
  }

  /** A new worker id per generation: a restarted worker is another worker to the engine. */
  get workerId(): string {
    return `${this.name}-gen${this.generation}`;
  }

  protected command() {
    return {
      args: [WORKER_SCRIPT],
      env: {
        ENGINE_URL: this.engineUrl,
        WORKER_ID: this.workerId,
        SOAK_DB: this.dbUrl,
        LOCK_MS: String(this.lockMs),
      },
    };
  }

  protected ready(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
