#!/usr/bin/env node
// ballast-server: the compiled server (dist/bundle/ballast-server.mjs).
import { runBundle } from './run-bundle.mjs';

await runBundle('ballast-server', 'main');
