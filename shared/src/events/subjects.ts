import { z } from 'zod';
import { expirationCompleteSchema } from './expiration';
import { orderCancelledSchema, orderCompletedSchema, orderCreatedSchema, orderRefundedSchema } from './orders';
import { payoutPaidSchema } from './payouts';
import {
  paymentCancelledSchema,
  paymentCreatedSchema,
  paymentDisputeClosedSchema,
  paymentDisputedSchema,
  paymentPartiallyRefundedSchema,
  paymentRefundedSchema,
  paymentStartedSchema,
} from './payments';
import { ticketCreatedSchema, ticketUpdatedSchema } from './tickets';
import publishersTable from './publishers.json';
import { userCreatedSchema } from './users';
import subscriptionsTable from './subscriptions.json';

/** Every event subject with its payload schema, as API.md's event table lists them. */
export const eventSchemas = {
  'ticket.created': ticketCreatedSchema,
  'ticket.updated': ticketUpdatedSchema,
  'order.created': orderCreatedSchema,
  'order.cancelled': orderCancelledSchema,
  'order.completed': orderCompletedSchema,
  'order.refunded': orderRefundedSchema,
  'expiration.complete': expirationCompleteSchema,
  'payment.started': paymentStartedSchema,
  'payment.created': paymentCreatedSchema,
  'payment.refunded': paymentRefundedSchema,
  'payment.cancelled': paymentCancelledSchema,
  'payment.partially-refunded': paymentPartiallyRefundedSchema,
  'payment.disputed': paymentDisputedSchema,
  'payment.dispute-closed': paymentDisputeClosedSchema,
  'payout.paid': payoutPaidSchema,
  'user.created': userCreatedSchema,
} as const;

export type Subject = keyof typeof eventSchemas;
export type EventData<S extends Subject> = z.infer<(typeof eventSchemas)[S]>;
/** What a publisher must supply: fields with defaults (added later, like a ticket's barcode) may be left out. */
export type EventInput<S extends Subject> = z.input<(typeof eventSchemas)[S]>;
export const subjects = Object.keys(eventSchemas) as Subject[];

export const domains = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'payouts', 'notifications'] as const;
export type Domain = (typeof domains)[number];

/**
 * Who listens to what: the bridge creates one durable consumer per (domain, subject), and Terraform reads the
 * same JSON file to grant the bridge the right to call exactly these functions.
 */
export const subscriptions = z
  .record(z.enum(domains), z.array(z.enum(Object.keys(eventSchemas) as [Subject, ...Subject[]])))
  .parse(subscriptionsTable) as Record<Domain, readonly Subject[]>;

/** Dead-letter replays (tickethub.replay.<domain>): published by the auth function's admin routes and `npm run dlq`. */
export const REPLAY_PUBLISH = 'replay.>';

/**
 * Who publishes what: each subject has exactly one owner. NATS enforces it (a domain's NATS user may publish only
 * these subjects: the local generated config and Terraform's nats.conf both read this file). `replay.>` is the
 * dead-letter replay subjects; the bridge (which also replays) may publish every tickethub.> subject anyway.
 */
export const publishers = z
  .record(z.enum(domains), z.array(z.union([z.enum(Object.keys(eventSchemas) as [Subject, ...Subject[]]), z.literal(REPLAY_PUBLISH)])))
  .parse(publishersTable) as Record<Domain, ReadonlyArray<Subject | typeof REPLAY_PUBLISH>>;

export function isSubject(value: string): value is Subject {
  return Object.hasOwn(eventSchemas, value);
}

/** The one domain that publishes `subject`. */
export function publisherOf(subject: Subject): Domain {
  const owner = domains.find((domain) => (publishers[domain] as readonly string[]).includes(subject));
  if (!owner) throw new Error(`No domain publishes ${subject}`);
  return owner;
}
