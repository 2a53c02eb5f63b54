import type { HttpFunction } from '@google-cloud/functions-framework';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { startLocalTaskQueue } from '../platform/local-tasks';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { PayoutsFunctionConfig } from './config';
import { accountRoutes } from './account';
import { loadPayoutsConfig } from './config';
import { payoutConsumers } from './consumers';
import type { PayoutsContext } from './context';
import { listPayoutsRoute } from './list';
import { releaseAfterDispute } from './payment-facts';
import { releasePayout } from './release';
import { releaseTaskRoute } from './release-route';
import { scheduleReleases } from './schedule-releases';
import { createStripeClient } from './stripe-client';
import { cloudReleaseTasks, localReleaseTaskOptions, type ReleaseTasks } from './tasks';
import { connectWebhookRoute } from './webhook';

/** Cloud Tasks when the payout queue is configured (the cloud), in-process timers re-armed from Firestore otherwise. */
function releaseTasksFor(ctx: PayoutsContext): ReleaseTasks {
  const { config } = ctx.platform;
  const { tasksQueue, taskUrl } = ctx.settings;
  if (tasksQueue && taskUrl && config.TASKS_LOCATION && config.TASKS_SERVICE_ACCOUNT) {
    return cloudReleaseTasks({
      project: config.GOOGLE_CLOUD_PROJECT,
      location: config.TASKS_LOCATION,
      queue: tasksQueue,
      url: taskUrl,
      serviceAccountEmail: config.TASKS_SERVICE_ACCOUNT,
      audience: config.INTERNAL_AUDIENCE ?? new URL(taskUrl).origin,
      apiEndpoint: config.TASKS_API_ENDPOINT,
    });
  }
  return startLocalTaskQueue(
    ctx.platform,
    localReleaseTaskOptions((orderId) => releasePayout(ctx, orderId)),
  );
}

export function createPayoutsContext(platform: Platform<PayoutsFunctionConfig>, tasks?: ReleaseTasks): PayoutsContext {
  const ctx = {
    platform,
    stripe: createStripeClient(platform.config),
    settings: loadPayoutsConfig(platform.config, platform.config.production),
  } as PayoutsContext;
  ctx.tasks = tasks ?? releaseTasksFor(ctx);
  return ctx;
}

export function payoutRoutes(ctx: PayoutsContext) {
  return [
    // GET /api/payouts/account → account.ts
    // POST /api/payouts/account → account.ts
    ...accountRoutes(ctx),
    listPayoutsRoute(ctx.platform), // GET /api/payouts → list.ts
    connectWebhookRoute(ctx), // POST /api/payouts/webhook → webhook.ts
    // POST /events → ../platform/events.ts; release tasks after the commit → schedule-releases.ts
    eventsRoute(ctx.platform, payoutConsumers(ctx), {
      afterCommit: async (_outcome, _log, event) => {
        await scheduleReleases(ctx, event);
        await releaseAfterDispute(ctx, event);
      },
    }),
    releaseTaskRoute(ctx), // POST /tasks/release → release-route.ts
    healthRoute(ctx.platform), // GET /api/health → ../platform/health.ts
  ];
}

// Subscriptions (shared/src/events/subscriptions.json):
//   order.completed → consumers.ts (creates the payout), then schedule-releases.ts (its release task)
//   ticket.updated → consumers.ts (a postponed event moves the release), then schedule-releases.ts (the new task)
//   order.refunded, payment.refunded → consumers.ts (cancel before release, reverse after)
//   payment.partially-refunded → payment-facts.ts (gross reduced to what the buyer finally paid; a paid payout reversed in part)
//   payment.disputed, payment.dispute-closed → payment-facts.ts (held while open; won → released as usual, after the commit;
//     lost → cancelled or reversed, the disputed amount the seller's debit)

/** The `payouts` Cloud Function: /api/payouts/*, the Connect webhook, release tasks and its event subscriptions. */
export function createPayoutsFunction(platform: Platform<PayoutsFunctionConfig>, tasks?: ReleaseTasks): HttpFunction {
  return createHttpFunction(platform, payoutRoutes(createPayoutsContext(platform, tasks)));
}
