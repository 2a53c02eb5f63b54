import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { waitFor } from '@tickethub/dev/testing/eventually';
import { launchBrowser, newVisitor, type Visitor } from './browser';
import { startShop, type Shop } from './shop';

export interface ShopSession {
  readonly shop: Shop;
  readonly browser: Browser;
  /** A new person in their own browser context (signed in with a token). */
  visitor(options?: { token?: string; width?: number; height?: number }): Promise<Visitor>;
  /**
   * Reloads until the condition holds: the state it waits for arrives through events, not with the response. A ticket
   * page's buy box asks the API from the browser: it is judged once it has its answer.
   */
  reloadUntil(v: Visitor, condition: () => Promise<boolean>, what: string): Promise<void>;
  /** While `during` runs, the gateway answers /api/tickets/* as a tickets service that is down would (503). */
  whileTicketsServiceIsDown<T>(during: () => Promise<T>): Promise<T>;
}

/** One shop and one browser for a test file: started before its tests, closed after them. */
export function shopSession(env: Record<string, string> = {}): ShopSession {
  let shop: Shop | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [shop, browser] = await Promise.all([startShop({ env }), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });
  const started = () => {
    if (!shop || !browser) throw new Error('the shop session has not started (use it inside a test)');
    return { shop, browser };
  };
  return {
    get shop() {
      return started().shop;
    },
    get browser() {
      return started().browser;
    },
    visitor: (options = {}) => newVisitor(started().browser, started().shop.origin, options),
    reloadUntil: async (v, condition, what) => {
      await waitFor(
        async () => {
          await v.page.reload();
          await v.page.getByText('Checking availability…').waitFor({ state: 'hidden' });
          return condition();
        },
        { timeoutMs: 30_000, intervalMs: 200, what },
      );
    },
    whileTicketsServiceIsDown: async (during) => {
      const functions = started().shop.stack.functions;
      const real = functions.tickets!;
      const down = createServer((_req, res) =>
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Service unavailable"}]}'),
      );
      functions.tickets = { ...real, server: down };
      try {
        return await during();
      } finally {
        functions.tickets = real;
      }
    },
  };
}
