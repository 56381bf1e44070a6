import { defineConfig } from 'vitest/config';

// The site's end-to-end test: it needs the built site (npm run build) and Debian's chromium.
// Workspace packages resolve to their TypeScript sources (the `ballast-source` condition), so
// the test checks the pages against the same tables the generator read.
const conditions = ['ballast-source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  // The runbook tests start the real binaries: compiled from the current sources first.
  test: { include: ['test/**/*.test.ts'], globalSetup: ['../../packages/server/test/support/bundle-binaries.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
