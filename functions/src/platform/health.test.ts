import { waitFor } from '@tickethub/dev/testing/eventually';
import { api } from '@tickethub/dev/testing/client';
import { startTestStack, type TestStack } from '@tickethub/dev/testing/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ domains: ['auth'] });
});
afterAll(() => stack.close());

describe('platform › health', () => {
  it('answers 503 naming nats when NATS is down, and 200 again once it is back', async () => {
    // The first call opens both clients; on a busy machine that may outlast the 2 s check once.
    const first = await waitFor(
      async () => {
        const response = await api(stack.origin, 'GET', '/api/health');
        return response.status === 200 ? response : null;
      },
      { what: 'a healthy stack' },
    );
    expect(first.body).toEqual({ status: 'ok', firestore: 'ok', nats: 'ok', deadLetters: 0 });
    await stack.nats.stop();
    const down = await api(stack.origin, 'GET', '/api/health');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'degraded', firestore: 'ok', nats: 'down', deadLetters: 0 });
    await stack.nats.restart();
    let healthy = false;
    for (let attempt = 0; attempt < 100 && !healthy; attempt++) healthy = (await api(stack.origin, 'GET', '/api/health')).status === 200;
    expect(healthy).toBe(true);
  });
});
