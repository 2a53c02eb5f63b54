import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const domains = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'payouts', 'notifications'];

/** Test files and the helpers beside them: only they may reach the local stack and the Stripe stand-in. */
const testFiles = ['**/*.test.ts', '**/*-support.ts'];

/** What is deployed never depends on what is not: the local stack, the stand-in, the tests and the benchmark. */
const deployedOnly = {
  group: ['@tickethub/dev', '@tickethub/dev/*', '@tickethub/stripe-local', '@tickethub/stripe-local/*', '@tickethub/e2e/*', '@tickethub/bench/*'],
  message: 'functions/src is deployed: it may not import the local stack, the Stripe stand-in, tests or the benchmark.',
};

// ESLint keeps only the last options of a rule per file, so each block below repeats the deployed-only pattern.
const deployedCode = { files: ['functions/src/**/*.ts'], ignores: testFiles, rules: { 'no-restricted-imports': ['error', { patterns: [deployedOnly] }] } };

/** Domains talk through events only: none may import another's code. */
const domainBoundaries = domains.map((domain) => ({
  files: [`functions/src/${domain}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: domains
          .filter((other) => other !== domain)
          .map((other) => ({
            group: [`../${other}`, `../${other}/*`, `../../${other}/*`],
            message: `Domains never import each other (${domain} → ${other}): share a contract in @tickethub/shared and talk through events.`,
          }))
          .concat([deployedOnly]),
      },
    ],
  },
}));
// Tests of a domain may use the harness and the stand-in, never another domain.
const domainTestBoundaries = domainBoundaries.map((block) => ({
  files: block.files.map((f) => f.replace('**/*.ts', '**/*{.test,-support}.ts')),
  rules: { 'no-restricted-imports': ['error', { patterns: block.rules['no-restricted-imports'][1].patterns.filter((p) => p !== deployedOnly) }] },
}));

// ESLint 10's flat config (defineConfig); typescript-eslint's own config() helper is deprecated in its favour.
export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', 'web/next-env.d.ts', 'coverage/**', 'terraform/.terraform/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  // Files Node or Jest load as CommonJS without a transform (the timing reporter, Jest's config).
  { files: ['**/*.cjs', 'jest.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  deployedCode,
  ...domainBoundaries,
  ...domainTestBoundaries,
  {
    // The platform serves every domain and must not know any of them.
    files: ['functions/src/platform/**/*.ts'],
    // Its tests may mount a real domain to exercise the plumbing end to end.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: domains
                .map((d) => `../${d}`)
                .concat(domains.map((d) => `../../${d}`))
                .concat(domains.map((d) => `../${d}/*`)),
              message: 'The platform must not depend on a domain.',
            },
            deployedOnly,
          ],
        },
      ],
    },
  },
  {
    // The shop talks to the API over HTTP only.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@tickethub/functions',
                '@tickethub/functions/*',
                '@tickethub/dev',
                '@tickethub/dev/*',
                '@tickethub/stripe-local',
                '@tickethub/stripe-local/*',
              ],
              message: 'The shop reaches the domains through the API (web/lib/api), never their code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Contracts only: no I/O libraries in @tickethub/shared.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@google-cloud/*', '@nats-io/*', 'stripe', 'node:*', 'fs', 'http', 'https', 'net', 'jsonwebtoken'],
              message: '@tickethub/shared holds contracts only: no Firestore, NATS, Stripe or other I/O.',
            },
          ],
        },
      ],
    },
  },
);
