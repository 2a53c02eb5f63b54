import { createStripeClient } from './stripe-client';

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
});
