import { errorEnvelopeSchema } from '@tickethub/shared';
import { z } from 'zod';
import { authRoutes } from './auth';
import { expirationRoutes } from './expiration';
import { orderRoutes } from './orders';
import { paymentRoutes } from './payments';
import { authEnv } from './auth/config';
import { expirationEnv } from './expiration/config';
import { ordersEnv } from './orders/config';
import { paymentsEnv } from './payments/config';
import { mergeEnv } from './platform/config';
import { loadFunctionConfig } from './platform/function-config';
import { ticketsEnv } from './tickets/config';
import { createPayoutsContext, payoutRoutes } from './payouts';
import { payoutsEnv } from './payouts/config';
import { createFirestore } from './platform/firestore';
import { defineRoute, type AnyRoute } from './platform/http/route';
import { createLogger } from './platform/logger';
import { createPlatform } from './platform/platform';
import { ticketRoutes } from './tickets';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

/** Every domain's route table, built on a platform that never connects (route tables do no I/O until called). */
export function publicRoutes(): AnyRoute[] {
  // Every domain's schema at once (functions.ts imports this module, so the table there cannot be used here).
  const env = mergeEnv(mergeEnv(mergeEnv(authEnv, ticketsEnv), mergeEnv(ordersEnv, paymentsEnv)), mergeEnv(expirationEnv, payoutsEnv));
  const config = loadFunctionConfig(env, { NODE_ENV: 'development', GOOGLE_CLOUD_PROJECT: 'openapi' }, () => undefined);
  const make = (domain: Parameters<typeof createPlatform>[0]) =>
    createPlatform(domain, config, { db: createFirestore('openapi'), log: createLogger({}, () => undefined) });
  const noScheduler = { schedule: async () => undefined, cancel: async () => undefined, continueHop: async () => false, close: async () => undefined };
  const routes = [
    ...authRoutes(make('auth')),
    ...ticketRoutes(make('tickets')),
    ...orderRoutes(make('orders')),
    ...paymentRoutes(make('payments')),
    ...expirationRoutes(make('expiration'), noScheduler),
    ...payoutRoutes(createPayoutsContext(make('payouts'), noScheduler)),
  ];
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = `${route.method} ${route.path}`;
    if (route.access === 'internal' || route.undocumented || !route.path.startsWith('/api/') || seen.has(key)) return false;
    return seen.add(key);
  });
}

function parameters(route: AnyRoute): JsonSchema[] {
  const from = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: property,
    }));
  };
  return [...from(route.params, 'path'), ...from(route.query, 'query')];
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of publicRoutes()) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const success =
      route.method === 'POST' && !route.path.endsWith('signin') && !route.path.endsWith('signout') && !route.path.endsWith('webhook')
        ? '201'
        : route.method === 'DELETE' || route.path.endsWith('signout')
          ? '204'
          : '200';
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      parameters: parameters(route),
      ...(route.body && !route.rawBody ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } } : {}),
      responses: {
        [success]: { description: 'Success', ...(route.response ? { content: { 'application/json': { schema: toSchema(route.response, 'output') } } } : {}) },
        default: { description: 'Error envelope', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TicketHub API',
      version: '1.0.0',
      description: 'Buy and sell event tickets. Errors always use the envelope {errors:[{message, field?, code?}]}.',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: { ErrorEnvelope: toSchema(errorEnvelopeSchema, 'output') },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'session' }, bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}

let cached: JsonSchema | undefined;

export function openApiRoute() {
  return defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    undocumented: true,
    handler: () => ({ body: (cached ??= openApiDocument()) }),
  });
}
