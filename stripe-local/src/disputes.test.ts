import Stripe from 'stripe';
import { startStripeStandIn, type StripeStandIn } from './index';
import { failureOf, stripeClient } from './test-support';

let standIn: StripeStandIn;
let stripe: Stripe;

beforeAll(async () => {
  standIn = await startStripeStandIn({});
  stripe = stripeClient(standIn);
});
afterAll(() => standIn.close());

async function disputedPayment(amount: number): Promise<{ intent: Stripe.PaymentIntent; dispute: Stripe.Dispute }> {
  const intent = await stripe.paymentIntents.create({ amount, currency: 'eur', payment_method: 'pm_card_createDispute', confirm: true });
  const opened = standIn.events().find((event) => event.type === 'charge.dispute.created' && event.data.object.payment_intent === intent.id);
  if (!opened) throw new Error('no charge.dispute.created for the intent');
  return { intent, dispute: opened.data.object as unknown as Stripe.Dispute };
}

function eventTypesOf(disputeId: string): string[] {
  return standIn
    .events()
    .filter((event) => event.type.startsWith('charge.dispute.') && event.data.object.id === disputeId)
    .map((event) => event.type);
}

describe('Stripe stand-in › disputes', () => {
  it('lets pm_card_createDispute pay, then opens a fraudulent dispute for the whole charge after payment_intent.succeeded', async () => {
    const { intent, dispute } = await disputedPayment(2500);
    expect(intent.status).toBe('succeeded');
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 2500,
      currency: 'eur',
      charge: intent.latest_charge,
      payment_intent: intent.id,
      reason: 'fraudulent',
      status: 'needs_response',
    });
    expect(dispute.id).toMatch(/^dp_\w+$/);
    const types = standIn
      .events()
      .filter((event) => [intent.id, dispute.id].includes(event.data.object.id as string))
      .map((event) => event.type);
    expect(types).toEqual(['payment_intent.succeeded', 'charge.dispute.created']);
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({ disputed: true, refunded: false, amount_refunded: 0 });
    expect(await stripe.disputes.retrieve(dispute.id)).toEqual(dispute);
  });

  it('closes a dispute as won on winning_evidence, with charge.dispute.closed', async () => {
    const { dispute } = await disputedPayment(1000);
    const won = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(won).toMatchObject({ status: 'won', evidence: { uncategorized_text: 'winning_evidence' } });
    expect(eventTypesOf(dispute.id)).toEqual(['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('won');
  });

  it('closes a dispute as lost on losing_evidence, and refuses evidence once it is closed', async () => {
    const { dispute } = await disputedPayment(1000);
    expect((await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' } })).status).toBe('lost');
    const closed = standIn.events().find((event) => event.type === 'charge.dispute.closed' && event.data.object.id === dispute.id);
    expect(closed?.data.object).toMatchObject({ status: 'lost', amount: 1000 });
    const late = await failureOf(stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } }));
    expect(late).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('lost');
  });

  it('leaves a dispute under review on other evidence, and answers an unknown dispute with 404', async () => {
    const { dispute } = await disputedPayment(1000);
    expect((await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'the buyer was at the gig' } })).status).toBe('under_review');
    expect(eventTypesOf(dispute.id)).toEqual(['charge.dispute.created', 'charge.dispute.updated']);
    expect(await failureOf(stripe.disputes.retrieve('dp_unknown'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('disputes an earlier succeeded charge through its test helper, once, and refuses a failed or unknown charge', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1800, currency: 'eur', payment_method: 'pm_card_visa', confirm: true });
    const chargeId = intent.latest_charge as string;
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(false);
    const dispute = (await stripe.rawRequest('POST', `/v1/test_helpers/charges/${chargeId}/dispute`, {})) as unknown as Stripe.Dispute;
    expect(dispute).toMatchObject({ object: 'dispute', amount: 1800, currency: 'eur', charge: chargeId, payment_intent: intent.id, status: 'needs_response' });
    expect(eventTypesOf(dispute.id)).toEqual(['charge.dispute.created']);
    expect(await stripe.charges.retrieve(chargeId)).toMatchObject({ disputed: true });
    expect(await failureOf(stripe.rawRequest('POST', `/v1/test_helpers/charges/${chargeId}/dispute`, {}))).toMatchObject({ statusCode: 400 });
    expect(await failureOf(stripe.rawRequest('POST', '/v1/test_helpers/charges/ch_missing/dispute', {}))).toMatchObject({ statusCode: 404 });
    const declined = await stripe.paymentIntents
      .create({ amount: 900, currency: 'eur', payment_method: 'pm_card_chargeDeclined', confirm: true })
      .catch((error: { raw?: { charge?: string } }) => error.raw?.charge);
    expect(typeof declined).toBe('string');
    expect(await failureOf(stripe.rawRequest('POST', `/v1/test_helpers/charges/${declined as string}/dispute`, {}))).toMatchObject({ statusCode: 400 });
  });
});
