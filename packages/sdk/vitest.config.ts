import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `ballast-source` export
// condition, so tests never need a build step.
const conditions = ['ballast-source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { include: ['test/**/*.test.ts'], typecheck: { include: ['test/**/*.test-d.ts'] }, testTimeout: 20_000, hookTimeout: 30_000 },
});
