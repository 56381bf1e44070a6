/** Writes deploy/ballast.conf from the configuration table (`npm run generate -w @ballast/server`). */
import { writeFileSync } from 'node:fs';
import { configExample } from '../src/config-example.js';

writeFileSync(new URL('../deploy/ballast.conf', import.meta.url), configExample());
