/** Vitest global setup: compiles ballast-server from the current sources before a test starts it. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function bundleServer(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../../server/scripts/bundle.mjs', import.meta.url))], { stdio: 'inherit' });
}
