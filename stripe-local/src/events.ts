import Stripe from 'stripe';
import { newId, nowSeconds } from './ids';
import { snapshot, type Store } from './store';

/** A Stripe event object as delivered to webhooks (https://docs.stripe.com/api/events/object). */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  /** Connect events about a connected account name it, as Stripe's do. */
  account?: string;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

/** Records a state change as an event; `previousAttributes` lists the fields it changed, as Stripe does for updates. */
export type Emit = (type: string, object: object, previousAttributes?: Record<string, unknown>) => void;

/** What a resource handler gets: the state, and a way to announce its changes. */
export interface HandlerContext {
  store: Store;
  emit: Emit;
  /** Where this stand-in is reached (from the request's Host), for URLs it hands out: onboarding links. */
  baseUrl: string;
}

// Events carry the API version of the SDK the product is built against, so webhook payloads and API responses have the
// same shape; upgrading the SDK moves both together.
export const API_VERSION: string = Stripe.API_VERSION;

export function createEvent(
  type: string,
  object: object,
  {
    requestId,
    idempotencyKey,
    webhookEndpoints,
    previousAttributes,
  }: {
    requestId: string | null;
    idempotencyKey: string | null;
    webhookEndpoints: number;
    previousAttributes?: Record<string, unknown>;
  },
): StripeEvent {
  return {
    id: newId('evt'),
    object: 'event',
    api_version: API_VERSION,
    created: nowSeconds(),
    type,
    livemode: false,
    pending_webhooks: webhookEndpoints,
    request: { id: requestId, idempotency_key: idempotencyKey },
    ...((object as { object?: unknown }).object === 'account' ? { account: (object as { id: string }).id } : {}),
    data: {
      // A snapshot: later changes to the object must not rewrite an event already emitted.
      object: snapshot(object) as Record<string, unknown>,
      ...(previousAttributes ? { previous_attributes: snapshot(previousAttributes) } : {}),
    },
  };
}
