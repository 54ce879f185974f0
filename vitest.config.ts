import { defineConfig } from 'vitest/config';

const BROWSER = ['tests/e2e/**/*.test.ts', 'tests/start.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PostgreSQL suites each create their own database; two cores, so keep it modest.
    poolOptions: { forks: { maxForks: 2 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          exclude: BROWSER,
          setupFiles: ['tests/support/dom-waits.ts'],
        },
      },
      {
        extends: true,
        // Each browser suite (Chromium, or WebKit through WebDriver on Xvfb) serves the dist/ built once
        // before them (tests/start.test.ts rebuilds it with `npm start`): one file at a time, in one process.
        test: { name: 'app', include: BROWSER, globalSetup: ['tests/e2e/build-once.ts'], poolOptions: { forks: { singleFork: true } } },
      },
    ],
  },
});
