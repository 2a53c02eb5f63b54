/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.base.json', diagnostics: false }];

/** A Jest project over the real local stack: one Firestore emulator per run, everything else per test file. */
function stackProject(displayName, rootDir, testMatch, extra = {}) {
  return {
    displayName,
    rootDir,
    testMatch,
    transform: { '^.+\\.tsx?$': tsJest },
    testEnvironment: 'node',
    globalSetup: '<rootDir>/../dev/testing/global-setup.ts',
    globalTeardown: '<rootDir>/../dev/testing/global-teardown.ts',
    ...extra,
  };
}

// What is tested is what runs: the functions are deployed on Node 24, so Jest (and the workers, functions and servers
// it starts with its own Node) must run on it too. npm test provisions it (dev/provision/node24.mjs); `npx jest` from
// another Node stops here rather than testing another runtime.
const nodePin = require('./dev/provision/node-version.json');
if (Number(process.versions.node.split('.')[0]) !== nodePin.major) {
  throw new Error(
    `Jest runs on Node ${process.version} (${process.execPath}), but TicketHub runs on Node ${nodePin.major}: ` +
      `use npm test, npm run test:quick or npm run jest -- <path> (each provisions Node ${nodePin.major}), or node dev/provision/node24.mjs npx jest <path>.`,
  );
}

/**
 * How many test files run at once. One by default: with four, clean-clone runs finished in 14 minutes but kept
 * meeting races in tests that hold only when one stack has the machine (docs/testing.md); JEST_WORKERS=4 is the fast
 * loop for a developer, and the default moves up once those races are gone.
 */
const WORKERS = Number(process.env.JEST_WORKERS ?? 1);

// Where the harness records its expensive steps for the timing reporter; set here, before the global setups (which
// build the shop and start the emulator) and the workers, so that every process of the run inherits it.
process.env.TICKETHUB_TIMINGS_DIR ??= require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'tickethub-timings-'));

module.exports = {
  maxWorkers: WORKERS,
  // Each file's time, each project's total and the harness's expensive steps, in .ci/timings.json and at the end.
  reporters: ['default', '<rootDir>/dev/testing/timing-reporter.cjs'],
  // Integration tests start real servers and run hundreds of requests; each waits on conditions, never on sleeps, and
  // waits for the event pipeline as long as dev/testing/eventually.ts says (a liveness bound, not a speed assertion).
  testTimeout: 180_000,
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
    stackProject('functions', '<rootDir>/functions', ['<rootDir>/src/**/*.test.ts']),
    stackProject('stripe-local', '<rootDir>/stripe-local', ['<rootDir>/src/**/*.test.ts']),
    stackProject('dev', '<rootDir>/dev', ['<rootDir>/**/*.test.ts'], { testPathIgnorePatterns: ['/node_modules/', '<rootDir>/rehearsal/'] }),
    // The production rehearsal (npm run rehearse): the built bundles under functions-framework and node, as deployed.
    stackProject('rehearsal', '<rootDir>/dev', ['<rootDir>/rehearsal/**/*.test.ts']),
    {
      displayName: 'bench',
      rootDir: '<rootDir>/bench',
      testMatch: ['<rootDir>/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
    },
    stackProject('scenarios', '<rootDir>/e2e', ['<rootDir>/scenarios/**/*.test.ts']),
    {
      displayName: 'terraform',
      rootDir: '<rootDir>/terraform',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
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
      rootDir: '<rootDir>/e2e',
      testMatch: ['<rootDir>/browser/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/browser/support/global-setup.ts',
      globalTeardown: '<rootDir>/browser/support/global-teardown.ts',
    },
  ],
};
