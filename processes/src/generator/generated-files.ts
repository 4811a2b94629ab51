import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedProcedure } from './generate-procedure.js';

/** `processes/generated/`: one folder per generated process key, checked in. */
export const GENERATED_DIR = fileURLToPath(new URL('../../generated/', import.meta.url));

/**
 * What differs between the generator's output and `dir`: files missing, different or stale
 * (`<key>/<file>` each). Empty = the checked-in files are up to date.
 */
export function staleGeneratedFiles(procedures: GeneratedProcedure[], dir: string = GENERATED_DIR): string[] {
  const out: string[] = [];
  const wanted = new Map(procedures.map((p) => [p.key, p.files]));
  const present = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  for (const key of present) if (!wanted.has(key)) out.push(`${key}/`);
  for (const [key, files] of wanted) {
    const folder = join(dir, key);
    const existing = existsSync(folder) ? readdirSync(folder) : [];
    for (const f of existing) if (!(f in files)) out.push(`${key}/${f}`);
    for (const [f, content] of Object.entries(files)) {
      const path = join(folder, f);
      if (!existsSync(path) || readFileSync(path, 'utf8') !== content) out.push(`${key}/${f}`);
    }
  }
  return out.sort();
}

/** Writes every procedure's files under `dir/<key>/` and removes files and folders no longer generated. */
export function writeGeneratedFiles(procedures: GeneratedProcedure[], dir: string = GENERATED_DIR): string[] {
  const changed = staleGeneratedFiles(procedures, dir);
  const wanted = new Map(procedures.map((p) => [p.key, p.files]));
  for (const entry of changed) {
    const [key, file] = entry.split('/') as [string, string];
    const files = wanted.get(key);
    if (!files) rmSync(join(dir, key), { recursive: true, force: true });
    else if (!(file in files)) rmSync(join(dir, key, file), { force: true });
    else {
      mkdirSync(join(dir, key), { recursive: true });
      writeFileSync(join(dir, key, file), files[file]!);
    }
  }
  return changed;
}
