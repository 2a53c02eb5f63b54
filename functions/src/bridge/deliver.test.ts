import { backoffMs, isOutOfBudget, verdictFor } from './deliver';
import { bridgeEnvSchema, bridgeOptionsFrom } from './config';
import { createLanes, entityKey } from './lanes';

const envelope = (code?: string) => JSON.stringify({ errors: [{ message: 'no', ...(code ? { code } : {}) }] });

describe('bridge › verdicts', () => {
  it('acknowledges 2xx', () => {
    expect(verdictFor({ status: 200, text: '{}' })).toBe('ack');
    expect(verdictFor({ status: 204, text: '' })).toBe('ack');
  });

  it("retries 408, 429, 5xx and the infrastructure's bare 401/403/404, and any 4xx without the handler's verdict", () => {
    for (const status of [408, 429, 500, 502, 503, 504, 401, 403, 404, 400, 409, 422]) {
      expect(verdictFor({ status, text: envelope() })).toBe('retry');
      expect(verdictFor({ status, text: '<html>Service Unavailable</html>' })).toBe('retry');
    }
    // An IAM 403 that happens to carry some other code still says nothing about the event.
    expect(verdictFor({ status: 403, text: envelope('AUTH.FORBIDDEN') })).toBe('retry');
  });

  it("dead-letters early only on the handler's own 4xx verdict EVENTS.INVALID", () => {
    expect(verdictFor({ status: 400, text: envelope('EVENTS.INVALID') })).toBe('reject');
    // A 5xx that mentions the code is still a server failure.
    expect(verdictFor({ status: 500, text: envelope('EVENTS.INVALID') })).toBe('retry');
  });

  it('waits, outside the budget, on an out-of-order answer', () => {
    expect(verdictFor({ status: 503, text: envelope('EVENTS.OUT_OF_ORDER') })).toBe('wait');
  });
});

describe('bridge › retry budget', () => {
  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 40].map((n) => backoffMs(n, 1000, 5 * 60_000))).toEqual([1000, 2000, 4000, 8000, 16_000, 300_000]);
  });

  it('counts an event dead only after the budget from its publication and the minimum deliveries', () => {
    const options = { retryBudgetMs: 24 * 3_600_000, minDeliveries: 10 };
    const now = Date.now();
    expect(isOutOfBudget(now - 23 * 3_600_000, 500, options, now)).toBe(false);
    expect(isOutOfBudget(now - 25 * 3_600_000, 3, options, now)).toBe(false);
    expect(isOutOfBudget(now - 25 * 3_600_000, 10, options, now)).toBe(true);
  });

  it('defaults to a 24 h budget with a 5 min cap, configurable per deployment', () => {
    expect(bridgeOptionsFrom(bridgeEnvSchema.parse({}))).toMatchObject({ retryBudgetMs: 86_400_000, maxBackoffMs: 300_000 });
    expect(bridgeOptionsFrom(bridgeEnvSchema.parse({ BRIDGE_RETRY_BUDGET_HOURS: '72', BRIDGE_MAX_BACKOFF_MS: '60000' }))).toMatchObject({
      retryBudgetMs: 72 * 3_600_000,
      maxBackoffMs: 60_000,
    });
    expect(bridgeEnvSchema.safeParse({ BRIDGE_RETRY_BUDGET_HOURS: '-1' }).success).toBe(false);
  });
});

describe('bridge › lanes', () => {
  it("keeps one entity's events in order while others run alongside", async () => {
    const lanes = createLanes(8);
    const log: string[] = [];
    const release: Record<string, () => void> = {};
    const step = (name: string) => () =>
      new Promise<void>((resolve) => {
        log.push(`start ${name}`);
        release[name] = () => {
          log.push(`end ${name}`);
          resolve();
        };
      });
    await lanes.submit('a', step('a1'));
    await lanes.submit('a', step('a2'));
    await lanes.submit('b', step('b1'));
    await new Promise((resolve) => setImmediate(resolve));
    // b1 started beside a1; a2 waits for a1.
    expect(log).toEqual(['start a1', 'start b1']);
    release.a1!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toContain('start a2');
    release.b1!();
    release.a2!();
    await lanes.idle();
    expect(lanes.inFlight).toBe(0);
  });

  it('keys events by the entity they are about', () => {
    const key = (type: string, data: object) => entityKey(JSON.stringify({ id: 'e1', type, data }));
    expect(key('ticket.updated', { id: 't1', orderId: 'o1' })).toBe('ticket:t1');
    expect(key('order.cancelled', { id: 'o1' })).toBe('order:o1');
    expect(key('payment.created', { id: 'p1', orderId: 'o1' })).toBe('payment:o1');
    expect(key('expiration.complete', { orderId: 'o1' })).toBe('expiration:o1');
    expect(entityKey('not json')).toMatch(/^raw:/);
  });
});
