import { assertStripeConfig, createStripeClient } from './stripe-client';

describe('payments › Stripe client', () => {
  it('talks to the stand-in at STRIPE_API_BASE over plain HTTP when there is no secret key', () => {
    const stripe = createStripeClient({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    expect([stripe.getApiField('host'), stripe.getApiField('port'), stripe.getApiField('protocol')]).toEqual(['127.0.0.1', 12111, 'http']);
  });

  it('understands an IPv6 base and a default port', () => {
    const stripe = createStripeClient({ STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: 'http://[::1]' });
    expect([stripe.getApiField('host'), stripe.getApiField('port')]).toEqual(['::1', 80]);
  });

  it('uses api.stripe.com over HTTPS with a real key, whatever STRIPE_API_BASE says', () => {
    const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_realkey', STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    expect([stripe.getApiField('host'), stripe.getApiField('protocol')]).toEqual(['api.stripe.com', 'https']);
  });

  it('refuses to start in production without a real key or with the local webhook secret', () => {
    const good = { production: true, STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_abc123' };
    expect(() => assertStripeConfig(good)).not.toThrow();
    expect(() => assertStripeConfig({ ...good, STRIPE_SECRET_KEY: undefined })).toThrow(/STRIPE_SECRET_KEY is required/);
    expect(() => assertStripeConfig({ ...good, STRIPE_WEBHOOK_SECRET: 'whsec_local' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => assertStripeConfig({ production: false, STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: 'whsec_local' })).not.toThrow();
  });
});
