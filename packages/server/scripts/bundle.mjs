/**
 * Compiles the server's binaries to JavaScript: one ES module per binary in dist/bundle/, with
 * @ballast/core (read from its TypeScript sources) and every other dependency inside, except
 * uWebSockets.js, whose native binary is loaded from its own package at run time. The launchers
 * in bin/ import these bundles, so a running ballast-server needs neither TypeScript nor tsx.
 *
 * `node scripts/bundle.mjs` bundles (npm run build, npm start and the tests' global setup call
 * it); `bundleServer()` is the same for scripts that import it.
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

/** Each binary's bundle name and its source: the module exporting the binary's main function. */
export const BINARIES = {
  'ballast-server': 'src/main.ts',
  'ballast-check-aof': 'src/check-aof/main.ts',
  'ballast-check-rdb': 'src/check-rdb/main.ts',
};

/**
 * Writes each output through a temporary file and a rename, so that a binary starting while
 * another process (a parallel test run) rebundles never reads a half-written file.
 */
export async function bundleServer() {
  const result = await build({
    absWorkingDir: PACKAGE_DIRECTORY,
    entryPoints: Object.entries(BINARIES).map(([name, source]) => ({ in: source, out: name })),
    outdir: 'dist/bundle',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['ballast-source'],
    external: ['@trufflesuite/uws-js-unofficial'],
    // Bundled CommonJS modules that call require() on Node's built-ins need a require in an ES module.
    banner: { js: "import { createRequire as __ballastCreateRequire } from 'node:module'; const require = __ballastCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    write: false,
  });
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
