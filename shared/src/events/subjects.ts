import { z } from 'zod';
import { expirationCompleteSchema } from './expiration';
import { orderCancelledSchema, orderCompletedSchema, orderCreatedSchema } from './orders';
import { paymentCreatedSchema, paymentRefundedSchema, paymentStartedSchema } from './payments';
import { ticketCreatedSchema, ticketUpdatedSchema } from './tickets';
import publishersTable from './publishers.json';
import subscriptionsTable from './subscriptions.json';

/** Every event subject with its payload schema, as API.md's event table lists them. */
export const eventSchemas = {
  'ticket.created': ticketCreatedSchema,
  'ticket.updated': ticketUpdatedSchema,
  'order.created': orderCreatedSchema,
  'order.cancelled': orderCancelledSchema,
  'order.completed': orderCompletedSchema,
  'expiration.complete': expirationCompleteSchema,
  'payment.started': paymentStartedSchema,
  'payment.created': paymentCreatedSchema,
  'payment.refunded': paymentRefundedSchema,
} as const;

export type Subject = keyof typeof eventSchemas;
export type EventData<S extends Subject> = z.infer<(typeof eventSchemas)[S]>;
export const subjects = Object.keys(eventSchemas) as Subject[];

export const domains = ['auth', 'tickets', 'orders', 'payments', 'expiration'] as const;
export type Domain = (typeof domains)[number];

/**
 * Who listens to what: the bridge creates one durable consumer per (domain, subject), and Terraform reads the
 * same JSON file to grant the bridge the right to call exactly these functions.
 */
export const subscriptions = z
  .record(z.enum(domains), z.array(z.enum(Object.keys(eventSchemas) as [Subject, ...Subject[]])))
  .parse(subscriptionsTable) as Record<Domain, readonly Subject[]>;

/**
 * Who publishes what: each subject has exactly one owner. NATS enforces it (a domain's NATS user may publish only
 * these subjects: the local generated config and Terraform's nats.conf both read this file).
 */
export const publishers = z.record(z.enum(domains), z.array(z.enum(Object.keys(eventSchemas) as [Subject, ...Subject[]]))).parse(publishersTable) as Record<
  Domain,
  readonly Subject[]
>;

export function isSubject(value: string): value is Subject {
  return Object.hasOwn(eventSchemas, value);
}
