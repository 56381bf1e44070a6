#!/usr/bin/env -S node --conditions=ballast-source
// ballast-check-rdb: checks an RDB dump (read-only) and prints a report ending in a verdict.
// Runs the TypeScript sources directly, like bin/ballast-server.mjs.
import { register } from 'tsx/esm/api';

register();
const { checkRdbMain } = await import('../src/check-rdb/main.ts');
const code = await checkRdbMain(process.argv.slice(2));
process.exit(code);
