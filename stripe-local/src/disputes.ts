import { invalidRequest, resourceMissing } from './errors';
import type { HandlerContext } from './events';
import type { FormObject } from './form';
import { newId, nowSeconds } from './ids';
import { readBoolean, readHash, readMetadata, readString, rejectUnknown } from './params';
import type { Charge, Store } from './store';

export type DisputeStatus = 'needs_response' | 'under_review' | 'won' | 'lost';

/** A card dispute (https://docs.stripe.com/api/disputes/object): the fields a handler reads, and the evidence it sends. */
export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  balance_transactions: [];
  charge: string;
  created: number;
  currency: string;
  evidence: { uncategorized_text: string | null };
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string;
  status: DisputeStatus;
}

const UPDATE_PARAMS = ['evidence', 'metadata', 'submit', 'expand'];
const EVIDENCE_PARAMS = ['uncategorized_text'];
// Stripe gives the merchant about a week to answer; the stand-in never lets it lapse on its own.
const RESPONSE_WINDOW_SECONDS = 7 * 24 * 3600;
/** Stripe's test-mode outcomes: this text as evidence decides the dispute at once (https://docs.stripe.com/testing#disputes). */
const OUTCOMES: Record<string, DisputeStatus> = { winning_evidence: 'won', losing_evidence: 'lost' };

/** What `pm_card_createDispute` does after its charge succeeded: the cardholder disputes the whole amount as fraudulent. */
export function openDispute(ctx: HandlerContext, charge: Charge): Dispute {
  const created = nowSeconds();
  const dispute: Dispute = {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    evidence: { uncategorized_text: null },
    evidence_details: { due_by: created + RESPONSE_WINDOW_SECONDS, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: 'fraudulent',
    status: 'needs_response',
  };
  ctx.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  ctx.emit('charge.dispute.created', dispute);
  return dispute;
}

/**
 * POST /v1/test_helpers/charges/:id/dispute (the stand-in's own test helper, after Stripe's test_helpers family):
 * the cardholder disputes a charge that succeeded earlier, as a bank does days or weeks after the payment (Stripe's
 * test cards can only dispute at once). A charge is disputed at most once, and only a succeeded one.
 */
export function disputeCharge(ctx: HandlerContext, id: string, form: FormObject): Dispute {
  rejectUnknown(form, []);
  const charge = ctx.store.charges.get(id);
  if (!charge) throw resourceMissing('charge', id);
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${id} has not succeeded, so it cannot be disputed.`);
  if (charge.disputed) throw invalidRequest(`Charge ${id} has already been disputed.`);
  return openDispute(ctx, charge);
}

export function retrieveDispute(store: Store, id: string): Dispute {
  const dispute = store.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id);
  return dispute;
}

/**
 * Submitting evidence (`submit` defaults to true, as on Stripe). The test texts close the dispute there and then;
 * any other text leaves it `under_review`, and a closed dispute takes no more evidence.
 */
export function updateDispute(ctx: HandlerContext, id: string, form: FormObject): Dispute {
  rejectUnknown(form, UPDATE_PARAMS);
  const dispute = retrieveDispute(ctx.store, id);
  const evidence = readHash(form, 'evidence') ?? {};
  rejectUnknown(evidence, EVIDENCE_PARAMS);
  const text = readString(evidence, 'uncategorized_text');
  const metadata = readMetadata(form);
  const submit = readBoolean(form, 'submit') ?? true;
  if (dispute.status === 'won' || dispute.status === 'lost') {
    throw invalidRequest(`This dispute is already closed (${dispute.status}); it cannot be updated.`, { code: 'dispute_already_closed' });
  }
  const previous = { status: dispute.status, evidence: { ...dispute.evidence } };
  if (metadata) dispute.metadata = { ...dispute.metadata, ...metadata };
  if (text !== undefined) dispute.evidence = { uncategorized_text: text };
  dispute.evidence_details.has_evidence = dispute.evidence.uncategorized_text !== null;
  if (submit && dispute.evidence_details.has_evidence) {
    dispute.evidence_details.submission_count += 1;
    dispute.status = OUTCOMES[dispute.evidence.uncategorized_text ?? ''] ?? 'under_review';
  }
  ctx.emit('charge.dispute.updated', dispute, previous);
  if (dispute.status === 'won' || dispute.status === 'lost') ctx.emit('charge.dispute.closed', dispute);
  return dispute;
}
