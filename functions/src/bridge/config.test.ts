import { bridgeEnvSchema, consumerName, routesFor } from './config';

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
});
