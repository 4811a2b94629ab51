// Bundles the browser code (src/browser/*.ts, one bundle per entry: ordinary pages load
// form-page.js only, the designer studio its own studio-*.js) and copies the CSS into dist/public/.
// An entry's imported package CSS becomes <entry>.css; the fonts bpmn.css and dmn.css name go to
// dist/public/assets/.
// `npm run build:browser -w @motcua/portal`; tests call buildBrowser() before using the pages.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const out = join(root, 'dist/public');

/** The studio's lint config (pack-lint-config.mjs), in a Node child process: see that file. */
export function packLintConfig() {
  execFileSync(process.execPath, [join(root, 'pack-lint-config.mjs')], { cwd: root, stdio: 'inherit' });
}

/**
 * `preload.json`: for each entry, the chunks it imports (statically or dynamically), so a page can
 * announce them with `<link rel="modulepreload">` and the phone fetches them in parallel with the
 * entry instead of one after the other.
 */
function writePreloads(metafile) {
  const rel = (p) => relative(out, join(root, p)).split(sep).join('/');
  const preloads = {};
  for (const [file, o] of Object.entries(metafile.outputs)) {
    if (!o.entryPoint || !file.endsWith('.js')) continue;
    const seen = new Set();
    const visit = (f) => {
      for (const i of metafile.outputs[f]?.imports ?? []) {
        if (i.external || seen.has(i.path)) continue;
        seen.add(i.path);
        visit(i.path);
      }
    };
    visit(file);
    preloads[rel(file)] = [...seen].map(rel).sort();
  }
  writeFileSync(join(out, 'preload.json'), `${JSON.stringify(preloads, null, 2)}\n`);
}

export async function buildBrowser({ minify = true } = {}) {
  mkdirSync(out, { recursive: true });
  packLintConfig();
  // Chunks are never deleted here: browser suites may build while another suite serves pages.
  const entries = readdirSync(join(root, 'src/browser'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(root, 'src/browser', f));
  const result = await build({
    metafile: true,
    // The metafile's paths are relative to this folder, wherever the build is run from.
    absWorkingDir: root,
    entryPoints: entries,
    outdir: out,
    bundle: true,
    format: 'esm',
    // Code shared by entries and what they import dynamically (form-js) goes into chunks: a page
    // runs its small entry at once and fetches form-js in parallel; chunks are cached across pages.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'es2020',
    minify,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
    assetNames: 'assets/[name]-[hash]',
    publicPath: '/static/',
  });
  writePreloads(result.metafile);
  const require = createRequire(import.meta.url);
  const viewerAssets = join(dirname(require.resolve('@bpmn-io/form-js-viewer/package.json')), 'dist/assets');
  copyFileSync(join(viewerAssets, 'form-js.css'), join(out, 'form-js.css'));
  copyFileSync(join(viewerAssets, 'flatpickr/light.css'), join(out, 'flatpickr-light.css'));
  copyFileSync(join(root, 'src/public/styles.css'), join(out, 'styles.css'));
  copyFileSync(join(root, 'src/public/studio.css'), join(out, 'studio.css'));
  copyFileSync(join(root, 'src/public/admin.css'), join(out, 'admin.css'));
  copyFileSync(join(root, 'src/public/reports.css'), join(out, 'reports.css'));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildBrowser();
}
