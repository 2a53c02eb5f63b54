import { StripeApiError } from './errors';
import { parseForm } from './form';

function rejection(body: string): StripeApiError {
  try {
    parseForm(body);
  } catch (error) {
    if (error instanceof StripeApiError) return error;
    throw error;
  }
  throw new Error(`expected ${body} to be refused`);
}

describe('Stripe stand-in › form bodies', () => {
  it('nests bracketed keys into hashes', () => {
    expect(parseForm('amount=1999&metadata[orderId]=abc&automatic_payment_methods[enabled]=true')).toEqual({
      amount: '1999',
      metadata: { orderId: 'abc' },
      automatic_payment_methods: { enabled: 'true' },
    });
  });

  it('reads lists written with [] as Stripe.js does and with indexes as the Node SDK does', () => {
    expect(parseForm('payment_method_types[]=card&payment_method_types[]=link')).toEqual({ payment_method_types: ['card', 'link'] });
    expect(parseForm('expand[0]=latest_charge&expand[1]=payment_method')).toEqual({ expand: ['latest_charge', 'payment_method'] });
    expect(parseForm('items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2')).toEqual({
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
    });
  });

  it('decodes percent-encoding and + in keys and values', () => {
    expect(parseForm('description=Row+A%2C%20seat%205&metadata%5Bnote%5D=caf%C3%A9')).toEqual({
      description: 'Row A, seat 5',
      metadata: { note: 'café' },
    });
  });

  it('refuses ambiguous shapes instead of guessing', () => {
    expect(rejection('metadata=x&metadata[a]=b').status).toBe(400);
    expect(rejection('expand[]=a&expand[key]=b').status).toBe(400);
    expect(rejection('a[b=c').body.param).toBe('a[b');
    expect(rejection('expand[100000000]=x').status).toBe(400);
  });

  it('never lets a key reach the object prototype', () => {
    expect(rejection('metadata[__proto__][polluted]=yes').status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseForm('metadata[constructor]=c').metadata).toEqual({ constructor: 'c' });
  });
});
