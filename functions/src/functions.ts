import type { HttpFunction } from '@google-cloud/functions-framework';
import type { Domain } from '@tickethub/shared';
import type { z } from 'zod';
import { authRoutes } from './auth';
import { authEnv, type AuthConfig } from './auth/config';
import { bridgeEnv } from './bridge/config';
import { createExpirationFunction } from './expiration';
import { expirationEnv, type ExpirationConfig } from './expiration/config';
import { openApiRoute } from './openapi';
import { createOrdersFunction } from './orders';
import { ordersEnv, type OrdersConfig } from './orders/config';
import { createPaymentsFunction } from './payments';
import { paymentsEnv, type PaymentsConfig } from './payments/config';
import { mergeEnv, type EnvSource, type EnvSpec } from './platform/config';
import { functionEnv, loadFunctionConfig, type FunctionConfig } from './platform/function-config';
import { createHttpFunction } from './platform/http/handler';
import { createNotificationsFunction } from './notifications';
import { notificationsEnv, type NotificationsConfig } from './notifications/config';
import { createPayoutsFunction } from './payouts';
import { payoutsEnv, type PayoutsFunctionConfig } from './payouts/config';
import type { Platform } from './platform/platform';
import { createTicketsFunction } from './tickets';
import { ticketsEnv, type TicketsConfig } from './tickets/config';

/** Any deployable's schema, whatever its fields. */
type AnyEnvSpec = { shape: z.ZodRawShape; requiredInProduction: readonly string[] };

interface Deployable<C extends FunctionConfig> {
  /** The domain's own environment schema; its function parses it with the functions' common one. */
  env: AnyEnvSpec;
  create: (platform: Platform<C>) => HttpFunction;
}

const deployable = <C extends FunctionConfig>(d: Deployable<C>) => d as unknown as Deployable<FunctionConfig>;

/** The one table of which domains exist as functions: each with its config schema and its factory. */
const deployables: Partial<Record<Domain, Deployable<FunctionConfig>>> = {
  // The auth function also answers /api/openapi.json for the whole API, the way it answers /api/health.
  auth: deployable<AuthConfig>({ env: authEnv, create: (platform) => createHttpFunction(platform, [...authRoutes(platform), openApiRoute()]) }),
  tickets: deployable<TicketsConfig>({ env: ticketsEnv, create: createTicketsFunction }),
  orders: deployable<OrdersConfig>({ env: ordersEnv, create: createOrdersFunction }),
  expiration: deployable<ExpirationConfig>({ env: expirationEnv, create: (platform) => createExpirationFunction(platform) }),
  payments: deployable<PaymentsConfig>({ env: paymentsEnv, create: createPaymentsFunction }),
  payouts: deployable<PayoutsFunctionConfig>({ env: payoutsEnv, create: (platform) => createPayoutsFunction(platform) }),
  notifications: deployable<NotificationsConfig>({ env: notificationsEnv, create: (platform) => createNotificationsFunction(platform) }),
};

/** Every domain's settings at once: what the tests' host of all functions in one process hands each (npm start reads the shared ones). */
export type AllFunctionsConfig = AuthConfig & TicketsConfig & OrdersConfig & ExpirationConfig & PaymentsConfig & PayoutsFunctionConfig & NotificationsConfig;

function deployableOf(domain: Domain): Deployable<FunctionConfig> {
  const found = deployables[domain];
  if (!found) throw new Error(`No function for domain ${domain}`);
  return found;
}

/** A domain function's config: exactly the environment it needs, every problem named at once. */
export function loadDomainConfig(domain: Domain, source: EnvSource, warn?: (message: string) => void): FunctionConfig {
  return loadFunctionConfig(deployableOf(domain).env as EnvSpec<z.ZodRawShape>, source, warn) as unknown as FunctionConfig;
}

/** The config of all functions together, for hosts that run them in one process (never deployed like this). */
export function loadAllFunctionsConfig(source: EnvSource, warn?: (message: string) => void): AllFunctionsConfig {
  let config = {};
  for (const domain of functionDomains) config = { ...config, ...loadDomainConfig(domain, source, domain === 'auth' ? warn : () => undefined) };
  return config as AllFunctionsConfig;
}

/** Builds a domain's HTTP function on a platform. */
export function createFunction(platform: Platform): HttpFunction {
  return deployableOf(platform.domain).create(platform);
}

export const functionDomains = Object.keys(deployables) as Domain[];

/**
 * Each deployable's whole schema (every function's and the bridge's): what Terraform must give each (its tests
 * check the variables required in production) and what the production rehearsal starts each with.
 */
export function deployableEnvs(): Record<string, AnyEnvSpec> {
  return {
    ...Object.fromEntries(functionDomains.map((domain) => [domain, mergeEnv(functionEnv, deployableOf(domain).env as EnvSpec<z.ZodRawShape>)])),
    bridge: bridgeEnv,
  };
}
