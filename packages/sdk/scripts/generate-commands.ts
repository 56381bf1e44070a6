/**
 * Writes src/generated/commands.ts from core's command table (see render-commands.ts).
 * Run with `npm run generate -w @ballast/sdk`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCommands } from './render-commands.js';

const target = fileURLToPath(new URL('../src/generated/commands.ts', import.meta.url));
writeFileSync(target, renderCommands());
console.log(`wrote ${target}`);
