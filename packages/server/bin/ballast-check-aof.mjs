#!/usr/bin/env node
// ballast-check-aof: checks a Ballast AOF directory (read-only unless --fix) and prints a report
// ending in a verdict; the compiled dist/bundle/ballast-check-aof.mjs.
import { runBundle } from './run-bundle.mjs';

await runBundle('ballast-check-aof', 'checkAofMain');
