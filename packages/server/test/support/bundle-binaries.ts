/**
 * Vitest global setup: compiles the server's binaries (scripts/bundle.mjs) before any test
 * starts one, so the tests run exactly what `ballast-server` runs, built from the current sources.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function bundleBinaries(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/bundle.mjs', import.meta.url))], { stdio: 'inherit' });
}
