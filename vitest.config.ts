import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{electron,renderer,shared,e2e}/**/*.test.{ts,tsx}'],
    // Starts the real Dovecot servers (and the CA the tests trust) before any worker is forked, so that
    // workers inherit NODE_EXTRA_CA_CERTS the way a user's system trusts a CA.
    globalSetup: ['e2e/support/vitest-global-setup.ts'],
    // Fails a file whose run printed or logged a test user's password.
    setupFiles: ['e2e/support/vitest-secret-guard.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
