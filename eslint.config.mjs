import tseslint from 'typescript-eslint';

const domains = ['auth', 'tickets', 'orders', 'payments', 'expiration'];

/** Domains talk through events only: none may import another's code. */
const domainBoundaries = domains.map((domain) => ({
  files: [`functions/src/${domain}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: domains
          .filter((other) => other !== domain)
          .map((other) => ({ group: [`../${other}`, `../${other}/*`, `../../${other}/*`], message: `Domains never import each other (${domain} → ${other}): share a contract in @tickethub/shared and talk through events.` })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.next/**', 'web/next-env.d.ts', 'coverage/**', 'terraform/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...domainBoundaries,
  {
    // The platform serves every domain and must not know any of them.
    files: ['functions/src/platform/**/*.ts'],
    // Its tests may mount a real domain to exercise the plumbing end to end.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: domains.map((d) => `../${d}`).concat(domains.map((d) => `../../${d}`)).concat(domains.map((d) => `../${d}/*`)), message: 'The platform must not depend on a domain.' }] }],
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
            { group: ['@google-cloud/*', '@nats-io/*', 'stripe', 'node:*', 'fs', 'http', 'https', 'net', 'jsonwebtoken'], message: '@tickethub/shared holds contracts only: no Firestore, NATS, Stripe or other I/O.' },
          ],
        },
      ],
    },
  },
);
