import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `ballast-source` export
// condition; the binaries the tests start are compiled once first (test/support/bundle-binaries.ts).
const conditions = ['ballast-source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { include: ['test/**/*.test.ts'], globalSetup: ['test/support/bundle-binaries.ts'], testTimeout: 20_000, hookTimeout: 30_000 },
});
