import { Firestore, type Query } from '@google-cloud/firestore';
import { domains } from '@tickethub/shared';
import { z } from 'zod';
import { storedUserSchema, USERS } from './auth/store';
import { FIRED } from './expiration/fire';
import { LOCAL_TASKS } from './expiration/scheduler';
import { listOrdersQueries } from './orders/list';
import { TICKET_REPLICA, replicaTicketSchema } from './orders/replica';
import { BUYERS, ORDERS, storedOrderSchema } from './orders/store';
import { ORDER_REPLICA, replicaOrderSchema } from './payments/replica';
import { PAYMENTS, STRIPE_EVENTS, storedPaymentSchema } from './payments/store';
import {
  ACCOUNT_OWNERS,
  ACCOUNTS,
  PAYOUTS,
  ORDER_MONEY,
  DEBITS,
  storedMoneyFactsSchema,
  storedDebitsSchema,
  REFUNDED_ORDERS,
  STRIPE_EVENTS as PAYOUT_STRIPE_EVENTS,
  TICKET_DATES,
  storedAccountOwnerSchema,
  storedAccountSchema,
  storedPayoutSchema,
} from './payouts/store';
import { LOCAL_RELEASE_TASKS } from './payouts/tasks';
import { DEAD_LETTERS, deadLetterListQuery, storedDeadLetterSchema } from './platform/dead-letters';
import { storedTimestamp } from './platform/firestore';
import { localTaskSchema } from './platform/local-tasks';
import { VERIFICATIONS, verificationSchema } from './auth/verification';
import { BARCODES } from './tickets/barcodes';
import {
  MESSAGES,
  ORDERS as NOTIFY_ORDERS,
  TICKETS as NOTIFY_TICKETS,
  USERS as NOTIFY_USERS,
  messageSchema,
  orderReplicaSchema,
  ticketReplicaSchema,
  userReplicaSchema,
} from './notifications/store';
import { planOf, type QueryPlan, type StoredCollection } from './platform/index-exemptions';
import { outboxDocSchema, relayQuery } from './platform/outbox';
import { REVOKED_SESSIONS, ROLES } from './platform/session';
import { AUTH_RATE_LIMITS } from './auth/rate-limit';
import { ORDERS_RATE_LIMITS } from './orders/reserve';
import { TICKETS_RATE_LIMITS } from './tickets/limits';
import { ticketListIndexes } from './tickets/indexes';
import { LISTINGS, ORDERS_SEEN, storedTicketSchema } from './tickets/store';

/**
 * Every Firestore collection the functions write, with the schema of what they store, and every query they run:
 * the input from which platform/index-exemptions.ts derives firestore.indexes.json's `fieldOverrides`
 * (stored-collections.test.ts checks the file against it; `npx tsx dev/scripts/write-indexes.ts` rewrites it).
 * A collection whose documents have no schema module of their own is described here from the code that writes it.
 */
export function storedCollections(): StoredCollection[] {
  const perDomain = domains.flatMap((domain): StoredCollection[] => [
    { collection: `${domain}_outbox`, schema: outboxDocSchema, hot: true, scattered: ['shard'] },
    // platform/events.ts: one record per applied event, keyed by the event's id.
    // Firestore's TTL policy deletes them after expireAt, once no redelivery can bring the event back.
    {
      collection: `${domain}_processed_events`,
      schema: z.object({ subject: z.string(), processedAt: storedTimestamp, expireAt: storedTimestamp }),
      hot: true,
      ttl: 'expireAt',
    },
  ]);
  return [
    ...perDomain,
    { collection: USERS, schema: storedUserSchema, hot: false },
    // auth/verification.ts: one per verification e-mail, keyed by the token's hash.
    { collection: VERIFICATIONS, schema: verificationSchema, hot: false },
    // tickets/barcodes.ts: one claim per live barcode, keyed by its normalized hash (uniqueness across sellers).
    {
      collection: BARCODES,
      schema: z.object({ ticketId: z.string(), sellerId: z.string(), eventDate: storedTimestamp }),
      hot: false,
      unclocked: ['eventDate'],
    },
    // notifications: the replicas it needs to address and word each e-mail, and one record per message sent.
    { collection: NOTIFY_USERS, schema: userReplicaSchema, hot: false },
    { collection: NOTIFY_TICKETS, schema: ticketReplicaSchema, hot: true },
    { collection: NOTIFY_ORDERS, schema: orderReplicaSchema, hot: true },
    { collection: MESSAGES, schema: messageSchema, hot: true },
    // platform/rate-limit.ts: one counter per (limit, key); Firestore's TTL policy drops it after its window.
    ...[AUTH_RATE_LIMITS, ORDERS_RATE_LIMITS, TICKETS_RATE_LIMITS].map((collection) => ({
      collection,
      schema: z.object({ count: z.number(), expiresAt: storedTimestamp }),
      hot: collection === ORDERS_RATE_LIMITS,
      ttl: 'expiresAt' as const,
    })),
    // auth/roles.ts: a role granted or revoked by an operator, read on every request (platform/session.ts).
    { collection: ROLES, schema: z.object({ role: z.string(), updatedAt: storedTimestamp }), hot: false },
    // platform/dead-letters.ts: what the bridge could not deliver, until an operator replays or drops it (or expireAt).
    { collection: DEAD_LETTERS, schema: storedDeadLetterSchema, hot: false, ttl: 'expireAt' },
    // platform/session.ts + auth/signout.ts; Firestore's TTL policy deletes them after expiresAt.
    {
      collection: REVOKED_SESSIONS,
      schema: z.object({ userId: z.string(), revokedAt: storedTimestamp, expiresAt: storedTimestamp }),
      hot: false,
      ttl: 'expiresAt',
    },
    // Listings are created at the sellers' pace, not the on-sale's: sorting by createdAt behind `status` is allowed.
    { collection: LISTINGS, schema: storedTicketSchema, hot: false, scattered: ['sellerId'], unclocked: ['eventDate'], large: ['description'] },
    { collection: ORDERS_SEEN, schema: z.object({ version: z.number(), stage: z.string(), updatedAt: storedTimestamp }), hot: true },
    { collection: ORDERS, schema: storedOrderSchema, hot: true, scattered: ['userId', 'shard'] },
    { collection: BUYERS, schema: z.object({ open: z.array(z.object({ orderId: z.string(), expiresAt: storedTimestamp })) }), hot: true },
    { collection: TICKET_REPLICA, schema: replicaTicketSchema, hot: true, unclocked: ['eventDate'] },
    { collection: PAYMENTS, schema: storedPaymentSchema, hot: true, scattered: ['userId', 'orderId'] },
    // payments/replica.ts stamps updatedAt on every write beside the replicated fields.
    { collection: ORDER_REPLICA, schema: replicaOrderSchema.extend({ updatedAt: storedTimestamp }), hot: true },
    {
      collection: STRIPE_EVENTS,
      schema: z.object({
        type: z.string(),
        paymentIntentId: z.string().nullable(),
        orderId: z.string().nullable(),
        outcome: z.string(),
        receivedAt: storedTimestamp,
      }),
      hot: true,
    },
    { collection: FIRED, schema: z.object({ firedAt: storedTimestamp }), hot: true },
    // Payouts are created per paid order, so at the payment rate, which Stripe bounds (25/s today): not hot yet.
    // Before Stripe grants more, the admin list of all payouts needs a shard like orders' (see README, capacity).
    // payouts/payment-facts.ts: refunds and disputes per order, and what sellers owe (lost disputes).
    { collection: ORDER_MONEY, schema: storedMoneyFactsSchema, hot: false },
    { collection: DEBITS, schema: storedDebitsSchema, hot: false },
    { collection: PAYOUTS, schema: storedPayoutSchema, hot: false, scattered: ['sellerId', 'ticketId'], unclocked: ['eventDate'] },
    { collection: ACCOUNTS, schema: storedAccountSchema, hot: false },
    { collection: ACCOUNT_OWNERS, schema: storedAccountOwnerSchema, hot: false },
    { collection: TICKET_DATES, schema: z.object({ version: z.number(), eventDate: storedTimestamp }), hot: false, unclocked: ['eventDate'] },
    { collection: REFUNDED_ORDERS, schema: z.object({ refundedAt: storedTimestamp }), hot: false },
    {
      collection: PAYOUT_STRIPE_EVENTS,
      schema: z.object({ type: z.string(), accountId: z.string().nullable(), outcome: z.string(), receivedAt: storedTimestamp }),
      hot: false,
    },
    { collection: LOCAL_RELEASE_TASKS, schema: localTaskSchema, hot: false },
    // The local stand-in for Cloud Tasks (never used in the cloud), listed so its index stays right too.
    { collection: LOCAL_TASKS, schema: localTaskSchema, hot: true },
  ];
}

/** Every query the functions run, as plans read from the query objects the code itself builds. */
/** Every query the domains make (besides the listing search), as written there: indexes.ts derives composites from them. */
export function plannedQueries(db: Firestore): Query[] {
  return [
    ...domains.map((domain) => relayQuery(db.collection(`${domain}_outbox`), 0, new Date(), 1)),
    ...listOrdersQueries(db, { userId: 'u' }),
    ...listOrdersQueries(db, { all: true }).slice(0, 1),
    db.collection(LOCAL_TASKS).where('state', '==', 'pending'),
    // notifications/deliver.ts: messages still to send.
    db.collection(MESSAGES).where('status', '==', 'pending').limit(50),
    // payouts/list.ts, consumers.ts, release-due.ts, tasks.ts (as written there).
    db.collection(PAYOUTS).where('sellerId', '==', 's').orderBy('createdAt', 'desc'),
    db.collection(PAYOUTS).orderBy('createdAt', 'desc'),
    db.collection(PAYOUTS).where('ticketId', '==', 't').where('status', '==', 'held'),
    db.collection(PAYOUTS).where('sellerId', '==', 's').where('status', '==', 'held'),
    db.collection(LOCAL_RELEASE_TASKS).where('state', '==', 'pending'),
    // platform/dead-letters.ts: the operator's list (admin page, npm run dlq list).
    deadLetterListQuery(db, 100),
  ];
}

export function queryPlans(): QueryPlan[] {
  const db = new Firestore({ projectId: 'index-planning' });
  const queries = plannedQueries(db);
  // The listing search builds one query per option combination; its derived composite indexes stand for them.
  // Their fields all count as ordered (no scattered prefix assumed), which can only make the rule stricter.
  const listings: QueryPlan[] = ticketListIndexes().map((index) => ({ collection: LISTINGS, equality: [], ordered: index.fields.map((f) => f.fieldPath) }));
  return [...queries.map(planOf), ...listings];
}
