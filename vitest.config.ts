import { defineConfig } from 'vitest/config';

// One suite for the whole repository. Database tests create their own database per file,
// so files can run in parallel; browser tests drive Debian's Chromium.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/server/src/**/*.test.ts',
      'tools/**/*.test.ts',
      'e2e/**/*.test.ts',
    ],
    environment: 'node',
    // Generous: whole-Agora and browser tests share two cores with everything else on the machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { TZ: 'UTC' },
    pool: 'forks',
  },
});
