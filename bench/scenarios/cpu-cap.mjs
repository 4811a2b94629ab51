// A CPU cap per engine process for scenario (e) (`--engine-cpu <cores>`): every engine process of
// a cluster gets a Linux cgroup of its own with a CFS quota of that many cores, as if each ran on a
// small machine of its own. On the bench's one 2-core machine the engines, MariaDB and the clients
// otherwise share the same two cores, so a second engine can only take CPU from the first, from
// the database or from the clients, and throughput cannot show whether the engines themselves
// scale out; capped, each added engine brings its own share, and what then stops the growth is the
// database (or the clients), which the CPU table shows. Needs a writable cgroup cpu controller
// (root in a container with cgroup v1's `cpu` hierarchy, or cgroup v2 with `cpu` enabled).
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const V1 = '/sys/fs/cgroup/cpu';
const V2_CANDIDATES = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'];
/** The CFS period: 100 ms, the kernel's default. */
const PERIOD_US = 100_000;

/** Where a cap can be set on this machine, or null with the reason. */
export function cgroupSupport() {
  if (existsSync(join(V1, 'cpu.cfs_quota_us'))) return { version: 1, root: V1 };
  for (const root of V2_CANDIDATES) {
    const controllers = join(root, 'cgroup.controllers');
    if (existsSync(controllers) && /\bcpu\b/.test(readFileSync(controllers, 'utf8')))
      return { version: 2, root };
  }
  return null;
}

/**
 * Moves process `pid` (all its threads) into a new cgroup limited to `cores` cores; resolves with
 * `release()`, which removes the cgroup once the process is gone (or moves it back to the root).
 */
export function capProcess(pid, cores, { name = `motcua-bench-${pid}` } = {}) {
  if (!(cores > 0)) throw new Error(`--engine-cpu takes a positive number of cores (got ${cores})`);
  const support = cgroupSupport();
  if (!support) throw new Error('--engine-cpu needs a writable cgroup cpu controller (run as root on Linux)');
  const dir = join(support.root, name);
  mkdirSync(dir, { recursive: true });
  const quota = Math.round(cores * PERIOD_US);
  if (support.version === 1) {
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
  } else writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  return {
    dir,
    /** CPU time the cap held the process back, in seconds (how often the cap was the limit). */
    throttledSeconds() {
      const stat = readFileSync(join(dir, 'cpu.stat'), 'utf8');
      const v1 = /throttled_time (\d+)/.exec(stat); // ns
      const v2 = /throttled_usec (\d+)/.exec(stat);
      return v1 ? Number(v1[1]) / 1e9 : v2 ? Number(v2[1]) / 1e6 : Number.NaN;
    },
    release() {
      try {
        const left = readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim();
        if (left) for (const p of left.split('\n')) writeFileSync(join(support.root, 'cgroup.procs'), p);
        rmdirSync(dir);
      } catch {
        // already gone, or the process is still exiting: the empty cgroup is harmless
      }
    },
  };
}
