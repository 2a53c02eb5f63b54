import type { HttpFunction } from '@google-cloud/functions-framework';
import type { Domain } from '@tickethub/shared';
import { createAuthFunction } from './auth';
import { createExpirationFunction } from './expiration';
import { createOrdersFunction } from './orders';
import { createPaymentsFunction } from './payments';
import { createTicketsFunction } from './tickets';
import type { Platform } from './platform/platform';

const factories: Partial<Record<Domain, (platform: Platform) => HttpFunction>> = {
  auth: createAuthFunction,
  tickets: createTicketsFunction,
  orders: createOrdersFunction,
  expiration: (platform) => createExpirationFunction(platform),
  payments: createPaymentsFunction,
};

/** Builds a domain's HTTP function on a platform; the one table of which domains exist as functions. */
export function createFunction(platform: Platform): HttpFunction {
  const factory = factories[platform.domain];
  if (!factory) throw new Error(`No function for domain ${platform.domain}`);
  return factory(platform);
}

export const functionDomains = Object.keys(factories) as Domain[];
