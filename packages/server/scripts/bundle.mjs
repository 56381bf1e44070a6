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
import { fileURLToPath } from 'node:url';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

/** Each binary's bundle name and its source: the module exporting the binary's main function. */
export const BINARIES = {
  'ballast-server': 'src/main.ts',
  'ballast-check-aof': 'src/check-aof/main.ts',
  'ballast-check-rdb': 'src/check-rdb/main.ts',
};

export async function bundleServer() {
  await build({
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
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleServer();
