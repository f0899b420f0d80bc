import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests write real files and start servers on 127.0.0.1; forks keep them isolated.
    pool: 'forks',
    // CLI tests run the compiled framework (as npm start does): built once up front.
    globalSetup: ['test/helpers/build-framework.ts'],
  },
});
