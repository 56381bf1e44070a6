// Runs one of the server's compiled binaries (dist/bundle/<name>.mjs, made by `npm run build -w
// @ballast/server`; `npm start` builds first) and exits with the code its main function returns.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function runBundle(name, exportName) {
  const bundle = new URL(`../dist/bundle/${name}.mjs`, import.meta.url);
  if (!existsSync(fileURLToPath(bundle))) {
    process.stderr.write(`${name}: not built (${fileURLToPath(bundle)} is missing); run: npm run build -w @ballast/server\n`);
    process.exit(1);
  }
  process.setSourceMapsEnabled(true);
  const module = await import(bundle.href);
  process.exit(await module[exportName](process.argv.slice(2)));
}
