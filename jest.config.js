/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.base.json', diagnostics: false }];

module.exports = {
  // Integration tests start real servers and run hundreds of requests; each waits on conditions, never on sleeps.
  testTimeout: 60_000,
  // A safety net only: the harness closes every server and client it starts (bounded, with a warning when a step
  // overruns), but a socket a dependency leaves behind must not keep CI waiting after the results are in.
  forceExit: true,
  projects: [
    {
      displayName: 'shared',
      rootDir: '<rootDir>/shared',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
    },
    {
      displayName: 'functions',
      rootDir: '<rootDir>/functions',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/e2e/'],
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/src/testing/global-setup.ts',
      globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
    },
    {
      // The shop's pure helpers (URL state, formatting, redirects); its pages are tested in the browser (e2e).
      displayName: 'web',
      rootDir: '<rootDir>/web',
      testMatch: ['<rootDir>/lib/**/*.test.ts', '<rootDir>/components/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
      // Builds (npm start's, the browser tests') hold standalone copies of the workspace packages.
      modulePathIgnorePatterns: ['<rootDir>/.next/'],
      testEnvironment: 'node',
    },
    {
      // The shop in headless Chromium against the whole stack; its setup builds the web app once per run.
      displayName: 'e2e',
      rootDir: '<rootDir>/functions',
      testMatch: ['<rootDir>/src/e2e/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/src/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/src/e2e/support/global-teardown.ts',
    },
  ],
};
