/**
 * `node --import <this file> …`: appends the URL of every module the process loads through the
 * ESM loader (ours, and each package's entry point imported from ours) to the file named by
 * MODULE_TRACE, one a line. The engine-process memory test reads it to see what the engine loads
 * at start and what only on first use. The hooks run on the loader's own thread, which imports
 * this file again: only the main thread registers them.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) register(import.meta.url);

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (process.env.MODULE_TRACE) appendFileSync(process.env.MODULE_TRACE, `${url}\n`);
  return loaded;
}
