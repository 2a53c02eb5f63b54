import { ESLint } from 'eslint';
import { REPO_ROOT } from '../stack/settings';

/** The layer rules of eslint.config.mjs, tried on code that breaks them: each must be refused, and its lawful twin not. */
const eslint = new ESLint({ cwd: REPO_ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    [
      'a domain imports another domain',
      'functions/src/tickets/probe.ts',
      "import { ORDERS } from '../orders/store';\nexport const x = ORDERS;\n",
      /Domains never import each other/,
    ],
    [
      'the platform imports a domain',
      'functions/src/platform/probe.ts',
      "import { LISTINGS } from '../tickets/store';\nexport const x = LISTINGS;\n",
      /platform must not depend/,
    ],
    [
      'deployed code imports the Stripe stand-in',
      'functions/src/payments/probe.ts',
      "import { startStripeStandIn } from '@tickethub/stripe-local';\nexport const x = startStripeStandIn;\n",
      /deployed/,
    ],
    [
      'deployed code imports the local stack',
      'functions/src/bridge/probe.ts',
      "import { waitFor } from '@tickethub/dev/stack/ports';\nexport const x = waitFor;\n",
      /deployed/,
    ],
    ['shared imports I/O', 'shared/src/probe.ts', "import { Firestore } from '@google-cloud/firestore';\nexport const x = Firestore;\n", /contracts only/],
    [
      'the shop imports a domain',
      'web/lib/probe.ts',
      "import { LISTINGS } from '@tickethub/functions/src/tickets/store';\nexport const x = LISTINGS;\n",
      /through the API/,
    ],
  ])('refuses: %s', async (_name, filePath, code, message) => {
    const messages = await restrictedImports(filePath, code);
    expect(messages.some((m) => message.test(m))).toBe(true);
  });

  it.each([
    [
      'a domain imports the platform',
      'functions/src/tickets/probe.ts',
      "import { defineRoute } from '../platform/http/route';\nexport const x = defineRoute;\n",
    ],
    [
      'a domain test uses the harness and the stand-in',
      'functions/src/payments/probe.test.ts',
      "import { startTestStack } from '@tickethub/dev/testing/stack';\nimport { startStripeStandIn } from '@tickethub/stripe-local';\nexport const x = [startTestStack, startStripeStandIn];\n",
    ],
  ])('allows: %s', async (_name, filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});
