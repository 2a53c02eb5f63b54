import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { functionDomains } from '@tickethub/functions/src/functions';
import { closeServer } from '@tickethub/dev/stack/functions-host';
import { createGateway } from '@tickethub/dev/stack/gateway';
import { freePort } from '@tickethub/dev/stack/ports';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { startEventTap, type EventTap } from './event-tap';
import { startShopServer, type ShopServer } from './web-server';
import { timed } from '@tickethub/dev/testing/phase-timings';

export interface Shop {
  /** What the browser opens: the gateway, /api/* to the functions and the rest to Next, like localhost:3000. */
  origin: string;
  stack: TestStack;
  web: ShopServer;
  /** Ticket events on their way from the bridge to the shop's /hooks/revalidate. */
  events: EventTap;
  close(): Promise<void>;
}

/** Every function, the bridge, the Stripe stand-in and the built shop behind one gateway origin. */
export function startShop(options: { env?: Record<string, string> } = {}): Promise<Shop> {
  return timed('shop start', () => composeShop(options));
}

async function composeShop({ env = {} }: { env?: Record<string, string> }): Promise<Shop> {
  const buildDir = process.env.TICKETHUB_SHOP_BUILD;
  if (!buildDir) throw new Error('TICKETHUB_SHOP_BUILD is not set: the e2e global setup builds the shop');
  // The bridge delivers ticket events to the shop's revalidation endpoint, signed as in production, through a tap
  // that lets a test see when the shop has heard of a change.
  const webPort = await freePort();
  const events = await startEventTap(`http://127.0.0.1:${webPort}/hooks/revalidate`);
  const shopTarget = { url: events.url, secret: randomBytes(24).toString('hex') };
  const stack = await startTestStack({ domains: functionDomains, bridge: { shop: shopTarget }, stripe: true, mail: true, env });
  const gateway: Server = createGateway({ functions: stack.functions, webOrigin: `http://127.0.0.1:${webPort}` });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  let web: ShopServer;
  try {
    // No publishable key: the shop must show its test-card form, whatever the developer's shell exports.
    web = await startShopServer(
      buildDir,
      { API_ORIGIN: origin, STRIPE_API_BASE: stack.stripe!.url, STRIPE_PUBLISHABLE_KEY: '', SHOP_REVALIDATE_SECRET: shopTarget.secret },
      webPort,
    );
  } catch (error) {
    await closeServer(gateway);
    await stack.close();
    await events.close();
    throw error;
  }
  return {
    origin,
    stack,
    web,
    events,
    close: async () => {
      await web.stop();
      await closeServer(gateway);
      await stack.close();
      await events.close();
    },
  };
}
