import { currencyInfo } from '@tickethub/shared';
import { retrieveBalanceTransaction } from './balance-transactions';
import { invalidRequest, paramError, resourceMissing } from './errors';
import type { HandlerContext } from './events';
import type { FormObject } from './form';
import { newId, nowSeconds } from './ids';
import { readCurrency, readInteger, readMetadata, readString, rejectUnknown, requireString } from './params';
import type { Store, Transfer, TransferReversal } from './store';

const CREATE_PARAMS = ['amount', 'currency', 'destination', 'source_transaction', 'transfer_group', 'metadata', 'description', 'expand'];
const LIST_PARAMS = ['destination', 'transfer_group', 'limit', 'starting_after', 'ending_before', 'expand'];
const REVERSAL_PARAMS = ['amount', 'metadata', 'description', 'refund_application_fee', 'expand'];

/**
 * Stripe's special cases for transfers (docs.stripe.com/currencies): ISK and UGX are sent ×100, so a whole number of
 * krónur or shillings ends in 00; HUF and TWD transfers must be whole units. Anything else is refused, as Stripe does.
 */
function assertTransferable(amount: number, currency: string): void {
  const step = currencyInfo(currency)?.stripeTransferStep ?? 1;
  if (amount % step !== 0) {
    throw paramError(
      'amount',
      `Invalid amount: transfers in ${currency} must be a multiple of ${step} (in Stripe's representation of ${currency}).`,
      'invalid_amount',
    );
  }
}

/**
 * POST /v1/transfers (separate charges and transfers). Like Stripe: the destination must be able to receive transfers
 * (its `transfers` capability active, else `insufficient_capabilities_for_transfer`), the amount must be one Stripe
 * can transfer in the currency, and `source_transaction` must be a succeeded charge whose balance transaction is in
 * the transfer's currency (what the charge settled in, not what the buyer paid in) with enough of it left.
 */
export function createTransfer(ctx: HandlerContext, form: FormObject): Transfer {
  rejectUnknown(form, CREATE_PARAMS);
  const amount = readInteger(form, 'amount', { min: 1 });
  if (amount === undefined) throw paramError('amount', 'Missing required param: amount.', 'parameter_missing');
  const currency = readCurrency(form);
  assertTransferable(amount, currency);
  const destinationId = requireString(form, 'destination');
  const destination = ctx.store.accounts.get(destinationId);
  if (!destination) throw resourceMissing('account', destinationId, 'destination', 400);
  if (destination.capabilities.transfers !== 'active') {
    throw invalidRequest(
      'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      { code: 'insufficient_capabilities_for_transfer', param: 'destination' },
    );
  }
  const sourceId = readString(form, 'source_transaction');
  if (sourceId !== undefined) {
    const charge = ctx.store.charges.get(sourceId);
    if (!charge) throw resourceMissing('charge', sourceId, 'source_transaction', 400);
    if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${sourceId} did not succeed; it cannot fund a transfer.`, { param: 'source_transaction' });
    const settled = retrieveBalanceTransaction(ctx.store, charge.balance_transaction!);
    if (settled.currency !== currency)
      throw paramError(
        'currency',
        `The currency of source_transaction's balance transaction (${settled.currency}) must be the same as the transfer currency (${currency}).`,
      );
    const already = [...ctx.store.transfers.values()].filter((t) => t.source_transaction === sourceId).reduce((sum, t) => sum + t.amount, 0);
    if (already + amount > settled.amount) {
      throw paramError(
        'amount',
        `Transfer amount exceeds the amount left on source_transaction ${sourceId} (${settled.amount - already}).`,
        'amount_too_large',
      );
    }
  }
  const id = newId('tr');
  const transfer: Transfer = {
    id,
    object: 'transfer',
    amount,
    amount_reversed: 0,
    balance_transaction: null,
    created: nowSeconds(),
    currency,
    description: readString(form, 'description') ?? null,
    destination: destinationId,
    destination_payment: newId('py'),
    livemode: false,
    metadata: readMetadata(form) ?? {},
    reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: sourceId ?? null,
    source_type: 'card',
    transfer_group: readString(form, 'transfer_group') ?? null,
  };
  ctx.store.transfers.set(id, transfer);
  ctx.emit('transfer.created', transfer);
  return transfer;
}

export function retrieveTransfer(store: Store, id: string): Transfer {
  const transfer = store.transfers.get(id);
  if (!transfer) throw resourceMissing('transfer', id);
  return transfer;
}

/** GET /v1/transfers?destination=&transfer_group=: newest first, as Stripe lists. */
export function listTransfers(store: Store, form: FormObject): object {
  rejectUnknown(form, LIST_PARAMS);
  const destination = readString(form, 'destination');
  const group = readString(form, 'transfer_group');
  const limit = readInteger(form, 'limit', { min: 1 }) ?? 10;
  if (limit > 100) throw paramError('limit', 'This value must be less than or equal to 100.');
  const matching = [...store.transfers.values()]
    .filter((t) => (destination === undefined || t.destination === destination) && (group === undefined || t.transfer_group === group))
    .reverse();
  return { object: 'list', data: matching.slice(0, limit), has_more: matching.length > limit, url: '/v1/transfers' };
}

/** POST /v1/transfers/:id/reversals: takes (part of) the transfer back from the connected account. */
export function createReversal(ctx: HandlerContext, id: string, form: FormObject): TransferReversal {
  rejectUnknown(form, REVERSAL_PARAMS);
  const transfer = retrieveTransfer(ctx.store, id);
  const left = transfer.amount - transfer.amount_reversed;
  if (left === 0) throw invalidRequest(`Transfer ${id} has already been fully reversed.`, { code: 'transfer_already_reversed' });
  const amount = readInteger(form, 'amount', { min: 1 }) ?? left;
  assertTransferable(amount, transfer.currency);
  if (amount > left) throw paramError('amount', `Reversal amount (${amount}) is greater than the amount left on the transfer (${left}).`, 'amount_too_large');
  const reversal: TransferReversal = {
    id: newId('trr'),
    object: 'transfer_reversal',
    amount,
    balance_transaction: null,
    created: nowSeconds(),
    currency: transfer.currency,
    destination_payment_refund: newId('pyr'),
    metadata: readMetadata(form) ?? {},
    source_refund: null,
    transfer: id,
  };
  transfer.amount_reversed += amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals.data.unshift(reversal);
  transfer.reversals.total_count += 1;
  ctx.emit('transfer.reversed', transfer, { amount_reversed: transfer.amount_reversed - amount, reversed: false });
  return reversal;
}
