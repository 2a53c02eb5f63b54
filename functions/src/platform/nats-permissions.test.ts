import { natsSubject } from '@tickethub/shared';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';
import { makeEnvelope } from './outbox';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['tickets', 'orders'] });
});
afterAll(() => stack.close());

async function publishAs(domain: 'tickets' | 'orders', subject: 'order.created' | 'payment.created') {
  const js = await stack.platform(domain).nats.jetstream();
  const envelope = makeEnvelope(domain, subject, { id: 'x' });
  return js.publish(natsSubject(subject), JSON.stringify(envelope), { msgID: envelope.id, timeout: 3000 });
}

describe('platform › NATS permissions (the generated config, as in the cloud)', () => {
  it('lets a domain publish the subjects it owns', async () => {
    await expect(publishAs('orders', 'order.created')).resolves.toMatchObject({ stream: 'TICKETHUB' });
  });

  it('refuses a domain publishing a subject another domain owns', async () => {
    await expect(publishAs('orders', 'payment.created')).rejects.toThrow(/permission|timeout|no responders/i);
    await expect(publishAs('tickets', 'order.created')).rejects.toThrow(/permission|timeout|no responders/i);
  });
});
