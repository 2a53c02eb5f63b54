import { createHmac } from 'node:crypto';
import { bridgeEnvSchema, consumerName, routesFor, shopTargetFrom } from './config';

describe('bridge › config', () => {
  it('parses BRIDGE_TARGETS for only some domains and routes every subscription of each to its /events', () => {
    const env = bridgeEnvSchema.parse({ BRIDGE_TARGETS: JSON.stringify({ tickets: 'https://tickets.run.app', orders: 'https://orders.run.app/' }) });
    const routes = routesFor(env.BRIDGE_TARGETS);
    expect(routes).toContainEqual({ domain: 'tickets', subject: 'order.created', url: 'https://tickets.run.app/events' });
    expect(routes).toContainEqual({ domain: 'orders', subject: 'ticket.updated', url: 'https://orders.run.app/events' });
    expect(routes.every((route) => route.domain === 'tickets' || route.domain === 'orders')).toBe(true);
  });

  it('refuses a BRIDGE_TARGETS that is not a JSON map of domain to URL', () => {
    for (const bad of ['not json', JSON.stringify({ tickets: 'not a url' }), JSON.stringify({ billing: 'https://x.example' })]) {
      expect(bridgeEnvSchema.safeParse({ BRIDGE_TARGETS: bad }).success).toBe(false);
    }
  });

  it('names durable consumers stably by domain and subject', () => {
    expect(consumerName('tickets', 'order.created')).toBe('tickets--order-created');
  });

  it('routes the ticket events to the shop when BRIDGE_SHOP_URL is set, each delivery signed over its body', () => {
    const secret = 'a-shared-secret-of-length';
    const env = bridgeEnvSchema.parse({ BRIDGE_SHOP_URL: 'https://shop.run.app/hooks/revalidate', SHOP_REVALIDATE_SECRET: secret });
    const shop = routesFor({}, shopTargetFrom(env)).filter((route) => route.domain === 'shop');
    expect(shop.map((route) => [route.subject, route.url])).toEqual([
      ['ticket.created', 'https://shop.run.app/hooks/revalidate'],
      ['ticket.updated', 'https://shop.run.app/hooks/revalidate'],
    ]);
    const header = shop[0]!.headers!('{"a":1}')['tickethub-signature']!;
    const [, time, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(mac).toBe(createHmac('sha256', secret).update(`${time}.{"a":1}`).digest('hex'));
    expect(consumerName('shop', 'ticket.updated')).toBe('shop--ticket-updated');
  });

  it('leaves the shop out without BRIDGE_SHOP_URL, and refuses the URL without a secret', () => {
    expect(routesFor({}, shopTargetFrom(bridgeEnvSchema.parse({})))).toEqual([]);
    expect(() => shopTargetFrom(bridgeEnvSchema.parse({ BRIDGE_SHOP_URL: 'https://shop.run.app/hooks/revalidate' }))).toThrow(/SHOP_REVALIDATE_SECRET/);
    expect(bridgeEnvSchema.safeParse({ SHOP_REVALIDATE_SECRET: 'short' }).success).toBe(false);
  });
});
