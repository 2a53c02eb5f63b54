import type { HttpFunction } from '@google-cloud/functions-framework';
import type { Domain } from '@tickethub/shared';
import { authRoutes } from './auth';
import { openApiRoute } from './openapi';
import { createHttpFunction } from './platform/http/handler';
import { createExpirationFunction } from './expiration';
import { createOrdersFunction } from './orders';
import { createPaymentsFunction } from './payments';
import { createPayoutsFunction } from './payouts';
import { createTicketsFunction } from './tickets';
import { createNotificationsFunction } from './notifications';
import type { Platform } from './platform/platform';

const factories: Partial<Record<Domain, (platform: Platform) => HttpFunction>> = {
  // The auth function also answers /api/openapi.json for the whole API, the way it answers /api/health.
  auth: (platform) => createHttpFunction(platform, [...authRoutes(platform), openApiRoute()]),
  tickets: createTicketsFunction,
  orders: createOrdersFunction,
  expiration: (platform) => createExpirationFunction(platform),
  payments: createPaymentsFunction,
  payouts: (platform) => createPayoutsFunction(platform),
  notifications: (platform) => createNotificationsFunction(platform),
};

/** Builds a domain's HTTP function on a platform; the one table of which domains exist as functions. */
export function createFunction(platform: Platform): HttpFunction {
  const factory = factories[platform.domain];
  if (!factory) throw new Error(`No function for domain ${platform.domain}`);
  return factory(platform);
}

export const functionDomains = Object.keys(factories) as Domain[];
