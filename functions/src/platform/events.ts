import type { Transaction } from '@google-cloud/firestore';
import type { Response } from '@google-cloud/functions-framework';
import {
  AppError,
  UnavailableError,
  eventEnvelopeSchema,
  eventSchemas,
  type ErrorItem,
  type EventData,
  type EventEnvelope,
  type Subject,
} from '@tickethub/shared';
import { EVENT_SUBJECT_HEADER, misdirectedEvent } from './event-origin';
import { defineRoute } from './http/route';
import { issuesToItems } from './http/validation';
import type { Logger } from './logger';
import type { Emit } from './outbox';
import type { Platform } from './platform';

export interface EventContext {
  tx: Transaction;
  emit: Emit;
  event: EventEnvelope;
  log: Logger;
}

export type EventHandler<S extends Subject> = (data: EventData<S>, context: EventContext) => Promise<void>;
export type EventHandlers = { [S in Subject]?: EventHandler<S> };

/** Thrown when an event arrives before the one it builds on: the bridge offers it again soon, outside its retry budget. */
export class OutOfOrderError extends AppError {
  constructor(message: string) {
    super(503, 'EVENTS.OUT_OF_ORDER', message);
  }
}

/**
 * The handler's verdict that the event itself can never be applied (malformed envelope or payload): the only answer
 * on which the bridge dead-letters at once. Every other failure, 4xx included, is retried for hours.
 */
export class InvalidEventError extends AppError {
  constructor(items: ErrorItem[]) {
    super(
      400,
      'EVENTS.INVALID',
      items[0]?.message ?? 'Invalid event',
      items.map((item) => ({ ...item, code: 'EVENTS.INVALID' })),
    );
  }
}

/**
 * Processed-event records expire (Firestore TTL on `expireAt`) after this: beyond the stream's max_age, the bridge's
 * retry budget and the dead letters' lifetime, so no redelivery or replay can outlive the record that dedupes it.
 */
export const PROCESSED_EVENT_TTL_MS = 45 * 86_400_000;

/**
 * `POST /events`: where the bridge delivers this domain's subscriptions. The effect, its outgoing events and the
 * processed-event record commit in one transaction, so a redelivered event is acknowledged and does nothing.
 */
export interface EventsRouteOptions {
  /**
   * Runs after the transaction, for the event just applied and for a duplicate alike (a redelivery is how the
   * bridge retries): side effects that cannot join a transaction, like sending e-mail, or that must not start before
   * the commit, like creating a task that may run at once. A throw answers non-2xx.
   */
  afterCommit?: (outcome: 'applied' | 'duplicate', log: Logger, event: HandledEvent) => Promise<void>;
}

/** The event as its handler got it (subject and parsed payload), for what runs after the commit. */
export type HandledEvent = { [S in Subject]: { subject: S; data: EventData<S> } }[Subject];

export function eventsRoute(platform: Platform, handlers: EventHandlers, options: EventsRouteOptions = {}) {
  const processed = platform.db.collection(`${platform.domain}_processed_events`);
  return defineRoute({
    method: 'POST',
    path: '/events',
    access: 'internal',
    summary: 'Event delivery from the bridge (internal)',
    handler: async ({ req, res, log }) => {
      const body = (req.body ?? {}) as unknown;
      const envelope = eventEnvelopeSchema.safeParse(body);
      if (!envelope.success) throw new InvalidEventError(issuesToItems(envelope.error.issues));
      const event = envelope.data;
      const misdirected = misdirectedEvent(req.header(EVENT_SUBJECT_HEADER), event);
      if (misdirected) throw new InvalidEventError([misdirected]);
      const subject = event.type as Subject;
      const handler = handlers[subject] as EventHandler<Subject> | undefined;
      if (!handler) throw new AppError(422, 'EVENT.UNHANDLED', `${platform.domain} does not handle ${event.type}`);
      const data = eventSchemas[subject].safeParse(event.data);
      if (!data.success) throw new InvalidEventError(issuesToItems(data.error.issues));

      const eventLog = log.child({ eventId: event.id, subject });
      const outcome = await platform.outbox.transact(
        async (tx, emit) => {
          const record = processed.doc(event.id);
          if ((await tx.get(record)).exists) return 'duplicate' as const;
          await handler(data.data as EventData<Subject>, { tx, emit, event: event as EventEnvelope, log: eventLog });
          const processedAt = new Date();
          tx.create(record, { subject, processedAt, expireAt: new Date(processedAt.getTime() + PROCESSED_EVENT_TTL_MS) });
          return 'applied' as const;
        },
        { signal: abandonedBy(res) },
      );
      eventLog.info('event handled', { outcome });
      await options.afterCommit?.(outcome, eventLog, { subject, data: data.data } as HandledEvent);
      return { status: 200, body: { outcome } };
    },
  });
}

/**
 * Aborted when the bridge stops waiting for this delivery (its request timed out and the connection closed). The
 * bridge then delivers the event again; an abandoned attempt that kept retrying its transaction would contend with
 * that redelivery for the same documents (in the emulator, two such transactions block each other until a lock
 * timeout), so a slow dependency would turn every timeout into more load on the same records.
 */
function abandonedBy(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new UnavailableError('The caller stopped waiting for this delivery'));
  });
  return controller.signal;
}
