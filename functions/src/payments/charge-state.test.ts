import type Stripe from 'stripe';
import { nextDispute, paidStatusOf } from './charge-state';

const dispute = (id: string, status: Stripe.Dispute['status']) => ({ id, status, amount: 1999, reason: 'fraudulent' }) as Stripe.Dispute;

describe('payments › the status of a paid payment follows its charge', () => {
  it.each([
    [{ refunded: false, amount_refunded: 0 }, null, 'succeeded'],
    [{ refunded: false, amount_refunded: 500 }, null, 'partially_refunded'],
    [{ refunded: true, amount_refunded: 1999 }, null, 'refunded'],
    [{ refunded: false, amount_refunded: 500 }, { id: 'dp_1', status: 'open', amount: 1999, reason: 'fraudulent' }, 'disputed'],
    [{ refunded: false, amount_refunded: 0 }, { id: 'dp_1', status: 'won', amount: 1999, reason: 'fraudulent' }, 'succeeded'],
    [{ refunded: false, amount_refunded: 500 }, { id: 'dp_1', status: 'won', amount: 1999, reason: 'fraudulent' }, 'partially_refunded'],
    [{ refunded: false, amount_refunded: 0 }, { id: 'dp_1', status: 'lost', amount: 1999, reason: 'fraudulent' }, 'refunded'],
  ] as const)('charge %j with dispute %j is %s', (charge, recorded, status) => {
    expect(paidStatusOf(charge, recorded)).toBe(status);
  });
});

describe('payments › a dispute only moves forward', () => {
  it.each([
    ['opens on needs_response', null, dispute('dp_1', 'needs_response'), 'open'],
    ['closes as won', { id: 'dp_1', status: 'open' }, dispute('dp_1', 'won'), 'won'],
    ['counts a closed inquiry as won', { id: 'dp_1', status: 'open' }, dispute('dp_1', 'warning_closed'), 'won'],
    ['closes as lost without having been seen open', null, dispute('dp_1', 'lost'), 'lost'],
    ['never reopens a lost dispute on a late reading', { id: 'dp_1', status: 'lost' }, dispute('dp_1', 'under_review'), 'lost'],
    ['never turns a won dispute into lost', { id: 'dp_1', status: 'won' }, dispute('dp_1', 'lost'), 'won'],
    ['takes up a second dispute of the charge', { id: 'dp_1', status: 'won' }, dispute('dp_2', 'needs_response'), 'open'],
  ] as const)('%s', (_name, current, seen, status) => {
    const recorded = current ? { ...current, amount: 1999, reason: 'fraudulent' } : null;
    expect(nextDispute(recorded, seen)?.status).toBe(status);
  });
});
