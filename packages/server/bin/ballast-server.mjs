#!/usr/bin/env -S node --conditions=ballast-source --import tsx
// ballast-server: runs the TypeScript sources directly (tsx), with workspace packages resolved
// to their sources through the `ballast-source` export condition.
import { main } from '../src/main.ts';

const code = await main(process.argv.slice(2));
process.exit(code);
