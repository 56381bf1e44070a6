#!/usr/bin/env -S node --conditions=ballast-source
// ballast-check-aof: checks a Ballast AOF directory (read-only unless --fix) and prints a report
// ending in a verdict. Runs the TypeScript sources directly, like bin/ballast-server.mjs.
import { register } from 'tsx/esm/api';

register();
const { checkAofMain } = await import('../src/check-aof/main.ts');
const code = await checkAofMain(process.argv.slice(2));
process.exit(code);
