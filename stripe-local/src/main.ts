/**
 * Runs the Stripe stand-in on its own: `tsx stripe-local/src/main.ts`.
 * STRIPE_STANDIN_PORT (default 12111; 0 = any free port), STRIPE_STANDIN_HOST (default 127.0.0.1),
 * WEBHOOK_URL (where events go; unset = recorded only), STRIPE_WEBHOOK_SECRET (default whsec_local),
 * CONNECT_WEBHOOK_URL and STRIPE_CONNECT_WEBHOOK_SECRET (default whsec_local_connect) for Connect events.
 * STRIPE_STANDIN_RATE_LIMIT (requests/s per endpoint before it answers 429 like Stripe; unset = unlimited).
 * STRIPE_STANDIN_SETTLEMENT_CURRENCY (the platform balance's currency, e.g. eur; unset = each charge's own).
 */
import { createLogger } from '@tickethub/functions/src/platform/logger';
import { startStripeStandIn } from './index';

const logger = createLogger({ component: 'stripe-standin' });

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 12111;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`STRIPE_STANDIN_PORT must be a port number, got "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  const standIn = await startStripeStandIn({
    port: readPort(process.env.STRIPE_STANDIN_PORT),
    host: process.env.STRIPE_STANDIN_HOST || undefined,
    webhookUrl: process.env.WEBHOOK_URL || undefined,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined,
    connectWebhookUrl: process.env.CONNECT_WEBHOOK_URL || undefined,
    connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET || undefined,
    settlementCurrency: process.env.STRIPE_STANDIN_SETTLEMENT_CURRENCY || undefined,
    rateLimit: process.env.STRIPE_STANDIN_RATE_LIMIT ? { perEndpoint: Number(process.env.STRIPE_STANDIN_RATE_LIMIT) } : undefined,
    logger,
  });
  // The secret is deliberately not logged; only where the stand-in listens and where its events go.
  logger.info('Stripe stand-in listening', { url: standIn.url, webhookUrl: process.env.WEBHOOK_URL || null });
  const stop = (signal: NodeJS.Signals) => {
    logger.info('Stripe stand-in stopping', { signal });
    void standIn.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  logger.error('Stripe stand-in failed to start', { error });
  process.exit(1);
});
