import type { Transaction } from '@google-cloud/firestore';
import { AppError, eventEnvelopeSchema, eventSchemas, ValidationError, type EventData, type EventEnvelope, type Subject } from '@tickethub/shared';
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

/** Thrown when an event arrives before the one it builds on: a 503 makes the bridge deliver it again later. */
export class OutOfOrderError extends AppError {
  constructor(message: string) {
    super(503, 'EVENT.OUT_OF_ORDER', message);
  }
}

/**
 * `POST /events`: where the bridge delivers this domain's subscriptions. The effect, its outgoing events and the
 * processed-event record commit in one transaction, so a redelivered event is acknowledged and does nothing.
 */
export function eventsRoute(platform: Platform, handlers: EventHandlers) {
  const processed = platform.db.collection(`${platform.domain}_processed_events`);
  return defineRoute({
    method: 'POST',
    path: '/events',
    access: 'internal',
    summary: 'Event delivery from the bridge (internal)',
    handler: async ({ req, log }) => {
      const body = (req.body ?? {}) as unknown;
      const envelope = eventEnvelopeSchema.safeParse(body);
      if (!envelope.success) throw new ValidationError(issuesToItems(envelope.error.issues));
      const event = envelope.data;
      const subject = event.type as Subject;
      const handler = handlers[subject] as EventHandler<Subject> | undefined;
      if (!handler) throw new AppError(422, 'EVENT.UNHANDLED', `${platform.domain} does not handle ${event.type}`);
      const data = eventSchemas[subject].safeParse(event.data);
      if (!data.success) throw new ValidationError(issuesToItems(data.error.issues));

      const eventLog = log.child({ eventId: event.id, subject });
      const outcome = await platform.outbox.transact(async (tx, emit) => {
        const record = processed.doc(event.id);
        if ((await tx.get(record)).exists) return 'duplicate' as const;
        await handler(data.data as EventData<Subject>, { tx, emit, event: event as EventEnvelope, log: eventLog });
        tx.create(record, { subject, processedAt: new Date() });
        return 'applied' as const;
      });
      eventLog.info('event handled', { outcome });
      return { status: 200, body: { outcome } };
    },
  });
}
