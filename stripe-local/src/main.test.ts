import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Stripe from 'stripe';
import { startReceiver, type Receiver } from './test-support';

let child: ChildProcess | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await receiver?.close();
});

describe('Stripe stand-in › CLI', () => {
  it('starts from the environment, logs its URL as a JSON line, delivers to WEBHOOK_URL, settles in STRIPE_STANDIN_SETTLEMENT_CURRENCY and stops on SIGTERM', async () => {
    receiver = await startReceiver();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      STRIPE_STANDIN_PORT: '0',
      WEBHOOK_URL: receiver.url,
      LOG_LEVEL: 'INFO',
      STRIPE_STANDIN_SETTLEMENT_CURRENCY: 'EUR',
    };
    delete env.STRIPE_WEBHOOK_SECRET;
    // node --import tsx, not tsx's CLI: that wrapper SIGKILLs a child slow to acknowledge SIGTERM on a busy machine.
    child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();

    const first = await lines.next();
    const started = JSON.parse(String(first.value)) as { severity: string; message: string; url: string; webhookUrl: string };
    expect(started).toMatchObject({ severity: 'INFO', message: 'Stripe stand-in listening', webhookUrl: receiver.url });
    expect(JSON.stringify(started)).not.toContain('whsec_');

    const { hostname, port } = new URL(started.url);
    const stripe = new Stripe('sk_test_cli', { host: hostname, port: Number(port), protocol: 'http' });
    const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    await stripe.paymentIntents.cancel(intent.id);
    const [delivery] = await receiver.received(1);
    // The default secret applies when STRIPE_WEBHOOK_SECRET is unset.
    const event = stripe.webhooks.constructEvent(delivery!.body, String(delivery!.headers['stripe-signature']), 'whsec_local');
    expect(event.type).toBe('payment_intent.canceled');
    const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const charge = await stripe.charges.retrieve(paid.latest_charge as string, { expand: ['balance_transaction'] });
    expect(charge.balance_transaction).toMatchObject({ amount: 920, currency: 'eur' });

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
