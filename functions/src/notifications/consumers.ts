import type { Firestore, Transaction } from '@google-cloud/firestore';
import { OutOfOrderError, type EventHandlers } from '../platform/events';
import { ticketFileKey } from '../platform/storage';
import { strictNextVersion } from '../platform/versions';
import type { NotificationsEnv } from './config';
import {
  holdExpiredMessage,
  orderCompleteMessage,
  payoutSentMessage,
  refundMessage,
  ticketReadyMessage,
  ticketSoldMessage,
  verificationMessage,
} from './messages';
import { queueMessage, readMessage } from './outbox';
import {
  orderRef,
  orderReplicaSchema,
  readAs,
  ticketRef,
  ticketReplicaSchema,
  userRef,
  userReplicaSchema,
  type OrderReplica,
  type TicketReplica,
} from './store';

async function readUserEmail(db: Firestore, tx: Transaction, userId: string): Promise<string | null> {
  return readAs(userReplicaSchema, await tx.get(userRef(db, userId)))?.email ?? null;
}

/** An order's facts need the order and its ticket here first: until they arrive, the bridge delivers again later. */
async function readOrderAndTicket(db: Firestore, tx: Transaction, orderId: string): Promise<{ order: OrderReplica; ticket: TicketReplica }> {
  const order = readAs(orderReplicaSchema, await tx.get(orderRef(db, orderId)));
  if (!order) throw new OutOfOrderError(`order ${orderId} has not reached notifications yet`);
  const ticket = readAs(ticketReplicaSchema, await tx.get(ticketRef(db, order.ticketId)));
  if (!ticket) throw new OutOfOrderError(`ticket ${order.ticketId} has not reached notifications yet`);
  return { order, ticket };
}

/**
 * Every handler reads first, then writes: its replicas and, per fact, one message record keyed by that fact. The
 * e-mails themselves go out after the commit (deliver.ts), each claimed before it is sent.
 */
export function notificationConsumers(db: Firestore, env: NotificationsEnv): EventHandlers {
  const url = env.PUBLIC_URL.replace(/\/+$/, '');
  return {
    'user.created': async (user, { tx }) => {
      const key = `verify-email:${user.id}`;
      const told = await readMessage(db, tx, key);
      tx.set(userRef(db, user.id), { id: user.id, email: user.email });
      if (user.verificationToken && !told) queueMessage(db, tx, key, user.email, verificationMessage(url, user.verificationToken));
    },
    'ticket.created': async (ticket, { tx }) => {
      const current = readAs(ticketReplicaSchema, await tx.get(ticketRef(db, ticket.id)));
      if (strictNextVersion(current?.version, ticket.version, `ticket ${ticket.id}`) === 'stale') return;
      tx.set(ticketRef(db, ticket.id), { ...pickTicket(ticket), orderId: null });
    },
    'ticket.updated': async (ticket, { tx }) => {
      const current = readAs(ticketReplicaSchema, await tx.get(ticketRef(db, ticket.id)));
      if (strictNextVersion(current?.version, ticket.version, `ticket ${ticket.id}`) === 'stale') return;
      // The seller supplied the barcode after the sale: the buyer, told to wait, now gets the ticket.
      const lateBarcode = ticket.status === 'sold' && ticket.orderId && ticket.barcode && !current?.barcode;
      if (lateBarcode) {
        const waiting = await readMessage(db, tx, `order-complete:${ticket.orderId}`);
        const key = `ticket-ready:${ticket.orderId}`;
        const told = await readMessage(db, tx, key);
        const order = readAs(orderReplicaSchema, await tx.get(orderRef(db, ticket.orderId!)));
        const buyer = order ? await readUserEmail(db, tx, order.userId) : null;
        if (waiting && !told && buyer) {
          const fileKey = ticket.hasFile ? ticketFileKey(ticket.id) : null;
          queueMessage(db, tx, key, buyer, ticketReadyMessage(url, ticket.orderId!, ticket.title, ticket.barcode!, fileKey));
        }
      }
      tx.set(ticketRef(db, ticket.id), { ...pickTicket(ticket), orderId: ticket.orderId });
    },
    'order.created': async (order, { tx }) => {
      tx.set(orderRef(db, order.id), { id: order.id, userId: order.userId, ticketId: order.ticket.id });
    },
    'order.completed': async (completed, { tx, log }) => {
      const { order, ticket } = await readOrderAndTicket(db, tx, completed.id);
      const [buyer, seller] = [await readUserEmail(db, tx, order.userId), await readUserEmail(db, tx, ticket.sellerId)];
      const [boughtKey, soldKey] = [`order-complete:${order.id}`, `ticket-sold:${order.id}`];
      const [buyerTold, sellerTold] = [await readMessage(db, tx, boughtKey), await readMessage(db, tx, soldKey)];
      const fileKey = ticket.hasFile ? ticketFileKey(ticket.id) : null;
      if (buyer && !buyerTold) queueMessage(db, tx, boughtKey, buyer, orderCompleteMessage(url, order.id, ticket.title, ticket.barcode, fileKey));
      if (seller && !sellerTold) queueMessage(db, tx, soldKey, seller, ticketSoldMessage(url, ticket.id, ticket.title, ticket.barcode !== null));
      if (!buyer || !seller) log.warn('order.completed: an address is unknown, that e-mail is skipped', { orderId: order.id });
    },
    'order.cancelled': async (cancelled, { tx }) => {
      if (cancelled.reason !== 'expired') return;
      const { order, ticket } = await readOrderAndTicket(db, tx, cancelled.id);
      const key = `hold-expired:${order.id}`;
      const [buyer, told] = [await readUserEmail(db, tx, order.userId), await readMessage(db, tx, key)];
      if (buyer && !told) queueMessage(db, tx, key, buyer, holdExpiredMessage(url, ticket.id, ticket.title));
    },
    'payment.refunded': async (refund, { tx }) => {
      const { order, ticket } = await readOrderAndTicket(db, tx, refund.orderId);
      const key = `refund:${order.id}`;
      const [buyer, told] = [await readUserEmail(db, tx, order.userId), await readMessage(db, tx, key)];
      if (buyer && !told) queueMessage(db, tx, key, buyer, refundMessage(url, order.id, ticket.title));
    },
    'payout.paid': async (payout, { tx, log }) => {
      const key = `payout-sent:${payout.id}`;
      const [seller, told] = [await readUserEmail(db, tx, payout.sellerId), await readMessage(db, tx, key)];
      if (!seller) log.warn('payout.paid: the seller’s address is unknown, that e-mail is skipped', { payoutId: payout.id });
      else if (!told) queueMessage(db, tx, key, seller, payoutSentMessage(url, payout.net, payout.currency));
    },
  };
}

function pickTicket(ticket: { id: string; version: number; title: string; sellerId: string; status: string; barcode: string | null; hasFile: boolean }) {
  const { id, version, title, sellerId, status, barcode, hasFile } = ticket;
  return { id, version, title, sellerId, status, barcode, hasFile };
}
