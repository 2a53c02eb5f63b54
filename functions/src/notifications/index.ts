import type { HttpFunction } from '@google-cloud/functions-framework';
import nodemailer, { type Transporter } from 'nodemailer';
import { eventsRoute } from '../platform/events';
import { healthRoute } from '../platform/health';
import { createHttpFunction } from '../platform/http/handler';
import type { Platform } from '../platform/platform';
import type { NotificationsConfig, NotificationsEnv } from './config';
import { notificationConsumers } from './consumers';
import { createDelivery, type DeliveryHooks } from './deliver';

export interface NotificationsOptions extends DeliveryHooks {
  env?: NotificationsEnv;
  transport?: Transporter;
}

export function notificationRoutes(platform: Platform<NotificationsConfig>, options: NotificationsOptions = {}) {
  const env: NotificationsEnv = options.env ?? platform.config;
  const transport = options.transport ?? nodemailer.createTransport(env.SMTP_URL);
  const deliverPending = createDelivery(platform.db, transport, env.MAIL_FROM, platform.storage, options);
  platform.disposers.push(async () => transport.close());
  return [
    // user.created, ticket.created, ticket.updated, order.created, order.completed, order.cancelled, payment.refunded, payout.paid → consumers.ts
    eventsRoute(platform, notificationConsumers(platform.db, env), { afterCommit: (_outcome, log) => deliverPending(log) }), // POST /events → ../platform/events.ts
    healthRoute(platform), // GET /api/health → ../platform/health.ts
  ];
}

/** The `notifications` Cloud Function: no public routes, only its event subscriptions (e-mail). */
export function createNotificationsFunction(platform: Platform<NotificationsConfig>, options: NotificationsOptions = {}): HttpFunction {
  return createHttpFunction(platform, notificationRoutes(platform, options));
}
