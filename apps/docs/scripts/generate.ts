/**
 * Generates the docs pages that come from the code, before `vitepress build` or `dev`: the
 * configuration, command and metric references, the measured comparison with Redis and the
 * SDK's measured performance (both from the result files the benches write). The files it
 * writes are git-ignored; run with `npm run generate -w @ballast/docs`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandsPage } from './pages/commands-page.js';
import { comparisonPage } from './pages/comparison-page.js';
import { configurationPage } from './pages/configuration-page.js';
import { metricsPage } from './pages/metrics-page.js';
import { sdkPerformancePage } from './pages/sdk-performance-page.js';

const docs = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const benchResults = path.join(docs, '..', '..', 'packages', 'server', 'bench', 'results');
const sdkBenchResults = path.join(docs, '..', '..', 'packages', 'sdk', 'bench', 'results');

const pages: Record<string, string> = {
  'reference/configuration.md': configurationPage(),
  'reference/commands.md': commandsPage(),
  'reference/metrics.md': metricsPage(),
  'guide/comparison.md': comparisonPage(benchResults),
  'guide/sdk-performance.md': sdkPerformancePage(sdkBenchResults),
};

for (const [name, text] of Object.entries(pages)) {
  const file = path.join(docs, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
console.log(`docs: generated ${Object.keys(pages).join(', ')}`);
