import Stripe from 'stripe';
import { signStripePayload } from './index';

const stripe = new Stripe('sk_test_local');
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { amount: 1999 } } }, null, 2);

describe('Stripe stand-in › signStripePayload', () => {
  it('produces the header the official SDK verifies', () => {
    const header = signStripePayload(payload, 'whsec_local');
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(stripe.webhooks.constructEvent(payload, header, 'whsec_local').id).toBe('evt_1');
  });

  it('matches the SDK’s own test header for the same timestamp', () => {
    const timestamp = 1_700_000_000;
    expect(signStripePayload(payload, 'whsec_local', timestamp)).toBe(stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_local', timestamp }));
  });

  it('does not verify with another secret, another body or a stale timestamp', () => {
    const header = signStripePayload(payload, 'whsec_local');
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripe.webhooks.constructEvent(payload.replace('1999', '1'), header, 'whsec_local')).toThrow(/No signatures found/);
    const stale = signStripePayload(payload, 'whsec_local', Math.floor(Date.now() / 1000) - 3600);
    expect(() => stripe.webhooks.constructEvent(payload, stale, 'whsec_local')).toThrow(/tolerance/);
  });
});
