import { domains, publishers, type Domain, type ErrorItem, type EventEnvelope } from '@tickethub/shared';

/** The NATS subject a delivery came on (without `tickethub.`), which the bridge names beside the body it delivers. */
export const EVENT_SUBJECT_HEADER = 'x-tickethub-subject';

const REPLAY_PREFIX = 'replay.';

/** The domain an envelope's `source` names (`tickethub/<domain>`, as the outbox writes it), or null. */
export function sourceDomain(source: string): Domain | null {
  const name = /^tickethub\/([a-z]+)$/.exec(source)?.[1];
  return domains.find((domain) => domain === name) ?? null;
}

/**
 * Why an envelope must not be dispatched, or null. Handlers dispatch on `type`, which is the publisher's own claim,
 * while NATS only checks the subject a message is published on: a function that may publish `ticket.updated` could
 * otherwise send a `payment.created` inside it and complete someone's order unpaid. So `type` must be the subject it
 * came on, and that subject one its `source` domain owns (publishers.json, the table NATS enforces). Replays arrive
 * on `replay.<domain>` carrying the original envelope: only the ownership is checked, and who may publish replays
 * is NATS's rule.
 */
export function misdirectedEvent(subject: string | undefined, envelope: Pick<EventEnvelope, 'type' | 'source'>): ErrorItem | null {
  if (!subject) return { message: 'The subject the event came on is missing', field: EVENT_SUBJECT_HEADER };
  if (!subject.startsWith(REPLAY_PREFIX) && envelope.type !== subject)
    return { message: `An event of type ${envelope.type} cannot arrive on ${subject}`, field: 'type' };
  const publisher = sourceDomain(envelope.source);
  if (!publisher || !(publishers[publisher] as readonly string[]).includes(envelope.type))
    return { message: `${envelope.source} does not publish ${envelope.type}`, field: 'source' };
  return null;
}
