/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.base.json', diagnostics: false }];

module.exports = {
  // Integration tests start real servers and run hundreds of requests; each waits on conditions, never on sleeps.
  testTimeout: 60_000,
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
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/src/testing/global-setup.ts',
      globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
    },
  ],
};
